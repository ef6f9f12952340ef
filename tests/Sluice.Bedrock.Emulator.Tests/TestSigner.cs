using System.Globalization;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace Sluice.Bedrock.Emulator.Tests;

/// <summary>A test-only SigV4 signer: canonical request built here, HMAC chain from AWSSDK.Core's AWS4Signer primitives.</summary>
internal static class TestSigner
{
    public static void Sign(HttpRequestMessage request, byte[] body, string host, string accessKey, string secret, string region, string service,
        string? sessionToken = null, DateTime? at = null, bool signToken = true, string? authorityHeader = "host")
    {
        var time = at ?? DateTime.UtcNow;
        var amzDate = time.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        request.Headers.Host = host;
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        if (sessionToken is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", sessionToken);
        }

        // HTTP/2 signers (the JS SDK v3) sign ":authority" instead of "host"; null signs neither.
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["x-amz-date"] = amzDate };
        if (authorityHeader is not null)
        {
            headers[authorityHeader] = host;
        }

        if (request.Content?.Headers.ContentType is { } ct)
        {
            headers["content-type"] = ct.ToString();
        }

        if (sessionToken is not null && signToken)
        {
            headers["x-amz-security-token"] = sessionToken;
        }

        var raw = request.RequestUri!.IsAbsoluteUri ? request.RequestUri.GetComponents(UriComponents.Path | UriComponents.KeepDelimiter, UriFormat.UriEscaped) : request.RequestUri.OriginalString;
        var path = request.RequestUri.IsAbsoluteUri ? request.RequestUri.AbsolutePath : raw;
        var query = request.RequestUri.IsAbsoluteUri ? request.RequestUri.Query.TrimStart('?') : "";
        var canonical = new StringBuilder()
            .Append(request.Method.Method).Append('\n')
            .Append(EncodePath(path)).Append('\n')
            .Append(query).Append('\n');
        foreach (var (k, v) in headers) canonical.Append(k).Append(':').Append(v.Trim()).Append('\n');
        var signedHeaders = string.Join(';', headers.Keys);
        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(Hex(AWS4Signer.ComputeHash(body)));
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(AWS4Signer.ComputeHash(canonical.ToString()))}";
        var key = AWS4Signer.ComposeSigningKey(secret, region, date, service);
        var signature = Hex(AWS4Signer.ComputeKeyedHash(SigningAlgorithm.HmacSHA256, key, stringToSign));
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
    }

    /// <summary>botocore quote(path, safe='/~') applied to the already-encoded wire path.</summary>
    public static string EncodePath(string path)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(path))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' or '/') sb.Append(c);
            else sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    public static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
