using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Sluice.Bedrock.Emulator;

/// <summary>Server-side SigV4: rebuilds the canonical request from the request as received.</summary>
internal static class SigV4
{
    private static readonly ConcurrentDictionary<(string Secret, string Date, string Region, string Service), byte[]> SigningKeys = new();

    /// <summary>Canonical URI: the raw (already encoded) path encoded once more, like botocore's quote(path, safe='/~').</summary>
    public static string CanonicalUri(string rawPath)
    {
        if (rawPath.Length == 0)
        {
            return "/";
        }

        var sb = new StringBuilder(rawPath.Length + 16);
        foreach (var b in Encoding.UTF8.GetBytes(rawPath))
        {
            AppendEncoded(sb, b, keepSlash: true);
        }

        return sb.ToString();
    }

    /// <summary>Canonical query: decoded pairs re-encoded per RFC 3986 and sorted by name, then value.</summary>
    public static string CanonicalQuery(string rawQuery)
    {
        if (rawQuery.Length == 0)
        {
            return "";
        }

        var pairs = new List<(string Key, string Value)>();
        foreach (var part in rawQuery.Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? "" : part[(eq + 1)..];
            pairs.Add((Encode(Uri.UnescapeDataString(key)), Encode(Uri.UnescapeDataString(value))));
        }

        pairs.Sort(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.Key, b.Key);
            return c != 0 ? c : string.CompareOrdinal(a.Value, b.Value);
        });
        var sb = new StringBuilder();
        foreach (var (k, v) in pairs)
        {
            if (sb.Length > 0) sb.Append('&');
            sb.Append(k).Append('=').Append(v);
        }

        return sb.ToString();
    }

    public static string Encode(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            AppendEncoded(sb, b, keepSlash: false);
        }

        return sb.ToString();
    }

    private static void AppendEncoded(StringBuilder sb, byte b, bool keepSlash)
    {
        var c = (char)b;
        if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' || (keepSlash && c == '/'))
        {
            sb.Append(c);
        }
        else
        {
            sb.Append('%').Append(b.ToString("X2"));
        }
    }

    /// <summary>The HTTP/2 pseudo-header a client may sign in place of <c>host</c>.</summary>
    public const string AuthorityHeader = ":authority";

    public static string CanonicalHeaderValue(IHeaderDictionary headers, string name)
    {
        // Kestrel turns an HTTP/2 :authority into the Host header (RFC 9113 §8.3.1: :authority wins over Host), so the
        // authority as received is Host; signers canonicalise it as host[:port], exactly what the client put on the wire.
        var values = name == AuthorityHeader ? headers.Host : headers[name];
        var sb = new StringBuilder();
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0) sb.Append(',');
            AppendTrimmed(sb, values[i] ?? "");
        }

        return sb.ToString();
    }

    private static void AppendTrimmed(StringBuilder sb, string value)
    {
        var span = value.AsSpan().Trim();
        var previousSpace = false;
        foreach (var c in span)
        {
            if (c == ' ')
            {
                if (!previousSpace) sb.Append(' ');
                previousSpace = true;
            }
            else
            {
                sb.Append(c);
                previousSpace = false;
            }
        }
    }

    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public static string Signature(string secret, string date, string region, string service, string stringToSign)
    {
        var key = SigningKeys.GetOrAdd((secret, date, region, service), static k =>
        {
            var kDate = Hmac(Encoding.UTF8.GetBytes("AWS4" + k.Secret), k.Date);
            var kRegion = Hmac(kDate, k.Region);
            var kService = Hmac(kRegion, k.Service);
            return Hmac(kService, "aws4_request");
        });
        return Convert.ToHexStringLower(Hmac(key, stringToSign));
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
}
