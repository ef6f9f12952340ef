using System.Collections.Concurrent;

namespace Sluice.Bedrock.Signing;

/// <summary>
/// SigV4 canonical URIs of wire paths, cached: a gateway calls the same few model paths over and over, and each
/// encoding builds a new string.
/// </summary>
internal static class CanonicalUris
{
    private const int Capacity = 4096;
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    public static string Of(string wirePath)
    {
        if (Cache.TryGetValue(wirePath, out var cached)) return cached;
        var canonical = AwsPathEncoding.CanonicalUri(wirePath);
        if (Cache.Count >= Capacity) Cache.Clear(); // simpler than LRU; costs one encoding per path
        Cache[wirePath] = canonical;
        return canonical;
    }
}
