using System.Security.Cryptography;

namespace Sluice.Bedrock.Signing;

/// <summary>One day's derived SigV4 key for a (secret, region, service), with its credential scope.</summary>
internal sealed class SigningKey(byte[] key, string scope)
{
    [ThreadStatic]
    private static (SigningKey Owner, IncrementalHash Hmac)? t_hmac;

    /// <summary><c>date/region/service/aws4_request</c>.</summary>
    public string Scope { get; } = scope;

    internal byte[] Key { get; } = key;

    /// <summary>HMAC-SHA256 of <paramref name="data"/> under this key, into <paramref name="destination"/> (32 bytes).</summary>
    public void Mac(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        // One HMAC context per thread for the key it last used: the key changes once a day per credential.
        var cached = t_hmac;
        IncrementalHash hmac;
        if (cached is { } c && ReferenceEquals(c.Owner, this))
        {
            hmac = c.Hmac;
        }
        else
        {
            cached?.Hmac.Dispose();
            hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Key);
            t_hmac = (this, hmac);
        }

        hmac.AppendData(data);
        hmac.GetHashAndReset(destination);
    }

    public override string ToString() => "SigningKey(" + Scope + ")"; // never the key

    internal static string ScopeOf(string date, string region, string service) =>
        string.Concat(date, "/", region, "/", service, "/aws4_request");
}
