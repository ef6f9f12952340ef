using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace Sluice.Gateway.Ui;

/// <summary>
/// The UI's static files, embedded in this assembly under the <c>SluiceUi/</c> logical names (see the csproj) and
/// loaded once, so serving a file is a dictionary lookup and one write.
/// </summary>
internal static class UiAssets
{
    private const string Prefix = "SluiceUi/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
        [".json"] = "application/json; charset=utf-8",
        [".webmanifest"] = "application/manifest+json",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly Lazy<FrozenDictionary<string, UiAsset>> Files = new(Load);

    /// <summary>Every file, keyed by its path under <c>/ui/</c> (e.g. <c>js/app.js</c>).</summary>
    public static FrozenDictionary<string, UiAsset> All => Files.Value;

    public static UiAsset? Find(string path) => All.TryGetValue(path, out var asset) ? asset : null;

    private static FrozenDictionary<string, UiAsset> Load()
    {
        var assembly = typeof(UiAssets).Assembly;
        var files = new Dictionary<string, UiAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var path = name[Prefix.Length..].Replace('\\', '/');
            var content = Read(assembly, name);
            var type = ContentTypes.TryGetValue(System.IO.Path.GetExtension(path), out var t) ? t : "application/octet-stream";
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 12)) + "\"";
            files[path] = new UiAsset(path, content, type, etag);
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
