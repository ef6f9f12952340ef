using Sluice.Bedrock.Runtime;

namespace Sluice.Bedrock.Signing;

/// <summary>
/// SigV4 canonical URIs of wire paths, cached: a gateway calls the same few model paths over and over, and each
/// encoding builds a new string.
/// </summary>
internal static class CanonicalUris
{
    private static readonly BoundedCache<string, string> Cache = new(4096, StringComparer.Ordinal);

    public static string Of(string wirePath) => Cache.GetOrAdd(wirePath, static (path, _) => AwsPathEncoding.CanonicalUri(path), 0);
}
