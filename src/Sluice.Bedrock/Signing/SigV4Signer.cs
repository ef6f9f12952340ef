using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;

namespace Sluice.Bedrock.Signing;

/// <summary>
/// SigV4 header signing as Bedrock expects it: signs content-type (when present), host, x-amz-date and
/// x-amz-security-token (when present); never sends x-amz-content-sha256. Key derivation comes from AWSSDK.Core;
/// the canonical request is composed here because the SDK's entry points need its internal IRequest pipeline.
/// </summary>
public sealed class SigV4Signer
{
    /// <summary>The SigV4 algorithm tag.</summary>
    public const string Algorithm = "AWS4-HMAC-SHA256";

    private readonly SigningKeyCache _keys;

    /// <summary>Creates a signer whose derived-key cache holds up to <paramref name="maxCachedKeys"/> keys.</summary>
    public SigV4Signer(int maxCachedKeys = 1024) => _keys = new SigningKeyCache(maxCachedKeys);

    internal int CachedKeyCount => _keys.Count;

    /// <summary>
    /// Signs <paramref name="request"/> in place: sets Host (with a non-default port), X-Amz-Date, X-Amz-Security-Token
    /// and Authorization. <paramref name="contentType"/> must be the Content-Type the request carries (or null for none).
    /// </summary>
    public SigV4Signature Sign(
        HttpRequestMessage request,
        string? contentType,
        ReadOnlySpan<byte> body,
        ImmutableCredentials credentials,
        string region,
        string service,
        DateTimeOffset now,
        IReadOnlyList<KeyValuePair<string, string>>? extraHeaders = null)
    {
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
        var host = HostHeader(uri);
        var signature = ComputeSignature(request.Method.Method, uri.AbsolutePath, uri.Query, host, contentType, body,
            credentials, region, service, now, extraHeaders, keepCanonicalRequest: false);

        var headers = request.Headers;
        headers.Host = host;
        headers.Remove("X-Amz-Date");
        headers.TryAddWithoutValidation("X-Amz-Date", signature.AmzDate);
        headers.Remove("X-Amz-Security-Token");
        if (!string.IsNullOrEmpty(credentials.Token))
        {
            headers.TryAddWithoutValidation("X-Amz-Security-Token", credentials.Token);
        }

        headers.Remove("Authorization");
        headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        return signature;
    }

    /// <summary>
    /// Computes the signature for a request given by its parts. <paramref name="extraHeaders"/> (a routing target's
    /// headers_override) are signed too, so a proxy on the way cannot change them. <paramref name="wirePath"/> is the path exactly as sent
    /// (already percent-encoded); <paramref name="query"/> is the raw query string with or without its leading '?'.
    /// With <paramref name="keepCanonicalRequest"/> the result carries the canonical request (diagnostics and tests;
    /// <see cref="Sign"/> does not build it).
    /// </summary>
    /// <remarks>
    /// Called for every upstream request, so it allocates only the strings that go into headers: the canonical request
    /// and the string to sign are written as UTF-8 into a per-thread buffer, the date stamp is formatted once a second,
    /// the canonical URI of a model path is cached, and the HMAC runs on a per-thread context for the day's signing key
    /// (OpenSSL's one-shot HMAC looks the algorithm up on every call).
    /// </remarks>
    public SigV4Signature ComputeSignature(
        string method,
        string wirePath,
        string? query,
        string host,
        string? contentType,
        ReadOnlySpan<byte> body,
        ImmutableCredentials credentials,
        string region,
        string service,
        DateTimeOffset now,
        IReadOnlyList<KeyValuePair<string, string>>? extraHeaders = null,
        bool keepCanonicalRequest = true)
    {
        var stamp = SigningTime.Of(now);
        var token = string.IsNullOrEmpty(credentials.Token) ? null : credentials.Token;
        var key = _keys.Get(credentials.SecretKey, stamp.Date, region, service);

        var text = t_text ??= new Utf8Text();
        text.Clear();
        text.Append(method).Append('\n')
            .Append(CanonicalUris.Of(wirePath)).Append('\n')
            .Append(CanonicalQuery(query)).Append('\n');
        var signedHeaders = extraHeaders is { Count: > 0 }
            ? AppendHeaders(text, contentType, host, stamp.AmzDate, token, extraHeaders)
            : AppendFixedHeaders(text, contentType, host, stamp.AmzDate, token);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(body, hash);
        text.Append('\n').Append(signedHeaders).Append('\n').AppendHex(hash);
        var canonicalRequest = keepCanonicalRequest ? text.ToString() : null;

        SHA256.HashData(text.Written, hash);
        text.Clear();
        text.Append(Algorithm).Append('\n').Append(stamp.AmzDate).Append('\n').Append(key.Scope).Append('\n').AppendHex(hash);
        key.Mac(text.Written, hash);

        var signature = Convert.ToHexStringLower(hash);
        var authorization = string.Concat(
            Algorithm, " Credential=", credentials.AccessKey, "/", key.Scope, ", SignedHeaders=", signedHeaders, ", Signature=", signature);
        return new SigV4Signature(stamp.AmzDate, signedHeaders, signature, authorization, canonicalRequest);
    }

    [ThreadStatic]
    private static Utf8Text? t_text;

    /// <summary>The fixed header set (no per-request extras), already in sorted order, written without sorting.</summary>
    private static string AppendFixedHeaders(Utf8Text canonical, string? contentType, string host, string amzDate, string? token)
    {
        if (contentType is not null)
        {
            canonical.Append("content-type:").Append(contentType.Trim()).Append('\n');
        }

        canonical.Append("host:").Append(host).Append('\n')
            .Append("x-amz-date:").Append(amzDate).Append('\n');
        if (token is not null)
        {
            canonical.Append("x-amz-security-token:").Append(token.Trim()).Append('\n');
        }

        // content-type < host < x-amz-date < x-amz-security-token.
        return (contentType is null, token is null) switch
        {
            (false, true) => "content-type;host;x-amz-date",
            (false, false) => "content-type;host;x-amz-date;x-amz-security-token",
            (true, true) => "host;x-amz-date",
            (true, false) => "host;x-amz-date;x-amz-security-token",
        };
    }

    /// <summary>The fixed headers plus <paramref name="extra"/>, lower-cased, values trimmed with inner spaces collapsed, sorted by name.</summary>
    private static string AppendHeaders(Utf8Text canonical, string? contentType, string host, string amzDate, string? token,
        IReadOnlyList<KeyValuePair<string, string>> extra)
    {
        var headers = new List<(string Name, string Value)>(4 + extra.Count);
        if (contentType is not null) headers.Add(("content-type", contentType.Trim()));
        headers.Add(("host", host));
        headers.Add(("x-amz-date", amzDate));
        if (token is not null) headers.Add(("x-amz-security-token", token.Trim()));
        foreach (var (name, value) in extra)
        {
            headers.Add((name.ToLowerInvariant(), CollapseSpaces(value.Trim())));
        }

        headers.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var signed = new StringBuilder();
        foreach (var (name, value) in headers)
        {
            canonical.Append(name).Append(':').Append(value).Append('\n');
            if (signed.Length > 0) signed.Append(';');
            signed.Append(name);
        }

        return signed.ToString();
    }

    private static string CollapseSpaces(string value)
    {
        if (!value.Contains("  ", StringComparison.Ordinal)) return value;
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c == ' ' && builder.Length > 0 && builder[^1] == ' ') continue;
            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>The Host header value: host plus the port when it is not the scheme's default.</summary>
    public static string HostHeader(Uri uri) => uri.IsDefaultPort ? uri.IdnHost : uri.IdnHost + ":" + uri.Port.ToString(CultureInfo.InvariantCulture);

    private static string CanonicalQuery(string? query)
    {
        if (string.IsNullOrEmpty(query) || query == "?")
        {
            return "";
        }

        var raw = query[0] == '?' ? query[1..] : query;
        var pairs = new List<(string Key, string Value)>();
        foreach (var part in raw.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? "" : part[(eq + 1)..];
            pairs.Add((AwsPathEncoding.EncodeQueryComponent(Uri.UnescapeDataString(name)),
                AwsPathEncoding.EncodeQueryComponent(Uri.UnescapeDataString(value))));
        }

        pairs.Sort(static (a, b) =>
        {
            var byKey = string.CompareOrdinal(a.Key, b.Key);
            return byKey != 0 ? byKey : string.CompareOrdinal(a.Value, b.Value);
        });

        var builder = new StringBuilder();
        foreach (var (key, value) in pairs)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            builder.Append(key).Append('=').Append(value);
        }

        return builder.ToString();
    }
}
