using System.Text;

namespace Sluice.Bedrock.Signing;

/// <summary>The two percent-encodings Bedrock paths go through: once on the wire, once more in SigV4's canonical URI.</summary>
public static class AwsPathEncoding
{
    private const string Hex = "0123456789ABCDEF";

    /// <summary>
    /// Encodes a value as ONE path segment like botocore's <c>percent_encode</c> (safe chars <c>-._~</c> only):
    /// ':' becomes %3A and '/' becomes %2F, so an ARN cannot split the path.
    /// </summary>
    public static string EncodeSegment(string value) => Encode(value, keepSlash: false);

    /// <summary>
    /// SigV4's canonical URI of an already-encoded wire path: every byte outside the unreserved set and '/' is encoded again,
    /// so %3A becomes %253A (non-S3 services double-encode).
    /// </summary>
    public static string CanonicalUri(string wirePath) => wirePath.Length == 0 ? "/" : Encode(wirePath, keepSlash: true);

    /// <summary>RFC 3986 encoding of a query key or value (unreserved characters kept).</summary>
    internal static string EncodeQueryComponent(string value) => Encode(value, keepSlash: false);

    private static string Encode(string value, bool keepSlash)
    {
        var needsWork = false;
        foreach (var c in value)
        {
            if (!IsUnreserved(c) && !(keepSlash && c == '/'))
            {
                needsWork = true;
                break;
            }
        }

        if (!needsWork)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 16);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (IsUnreserved(c) || (keepSlash && c == '/'))
            {
                builder.Append(c);
                continue;
            }

            int written;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                written = Encoding.UTF8.GetBytes(value.AsSpan(i, 2), utf8);
                i++;
            }
            else
            {
                written = Encoding.UTF8.GetBytes(value.AsSpan(i, 1), utf8);
            }

            for (var b = 0; b < written; b++)
            {
                builder.Append('%').Append(Hex[utf8[b] >> 4]).Append(Hex[utf8[b] & 0xF]);
            }
        }

        return builder.ToString();
    }

    private static bool IsUnreserved(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '.' or '_' or '~';
}
