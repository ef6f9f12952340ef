namespace Sluice.Core.Providers;

/// <summary>
/// A routing target's <c>headers_override</c>: HTTP headers set on, or removed from, the upstream request of every
/// call made for that target (for Bedrock, e.g. <c>X-Amzn-Bedrock-Service-Tier</c>; the headers set are signed with
/// the request). The router makes them <see cref="Current"/> for the duration of an attempt, so that every operation
/// (chat, streams, embeddings, images, Messages) of every provider sees them without each request type and each call
/// site carrying them; a provider that sends HTTP reads <see cref="Current"/> when it builds its request.
/// </summary>
public sealed class UpstreamHeaders
{
    private static readonly AsyncLocal<UpstreamHeaders?> CurrentValue = new();

    /// <summary>Headers a target may not set or remove: they carry the request's framing, identity or signature.</summary>
    private static readonly string[] ProtectedNames =
    [
        "authorization", "host", "content-length", "content-type", "content-encoding", "transfer-encoding", "connection", "keep-alive",
        "upgrade", "te", "trailer", "expect", "proxy-authorization", "proxy-connection", "accept", "x-amzn-bedrock-accept",
    ];

    /// <param name="set">Headers to set (an existing value is replaced), in manifest order.</param>
    /// <param name="remove">Header names to drop from the request.</param>
    public UpstreamHeaders(IReadOnlyList<KeyValuePair<string, string>> set, IReadOnlyList<string> remove)
    {
        Set = set;
        Remove = remove;
    }

    public IReadOnlyList<KeyValuePair<string, string>> Set { get; }

    public IReadOnlyList<string> Remove { get; }

    /// <summary>The headers of the attempt running in this async flow; null outside a routed attempt with <c>headers_override</c>.</summary>
    public static UpstreamHeaders? Current => CurrentValue.Value;

    /// <summary>Makes <paramref name="headers"/> current for this async flow; returns what was current, for <see cref="Restore"/>.</summary>
    public static UpstreamHeaders? Enter(UpstreamHeaders headers)
    {
        var previous = CurrentValue.Value;
        CurrentValue.Value = headers;
        return previous;
    }

    public static void Restore(UpstreamHeaders? previous) => CurrentValue.Value = previous;

    /// <summary>
    /// Why <paramref name="name"/> may not be overridden, or null when it may: the framing and authentication headers,
    /// the SigV4 ones (<c>x-amz-*</c>), HTTP/2 pseudo-headers, and names that are not HTTP tokens.
    /// </summary>
    public static string? Refusal(string name)
    {
        if (name.Length == 0) return "a header name cannot be empty";
        foreach (var c in name)
        {
            if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".Contains(c, StringComparison.Ordinal)) return $"\"{name}\" is not a valid header name";
        }

        var lower = name.ToLowerInvariant();
        if (lower.StartsWith("x-amz-", StringComparison.Ordinal)) return $"\"{name}\" belongs to the request's AWS signature and cannot be overridden";
        return Array.IndexOf(ProtectedNames, lower) >= 0 ? $"\"{name}\" is set by Sluice for the upstream protocol or authentication and cannot be overridden" : null;
    }

    /// <summary>Why <paramref name="value"/> cannot be sent as a header value, or null when it can.</summary>
    public static string? ValueRefusal(string value)
    {
        foreach (var c in value)
        {
            if (c is '\r' or '\n' or '\0') return "a header value cannot contain line breaks or NUL";
            if (c >= 127) return "a header value must be ASCII";
        }

        return null;
    }
}
