namespace Sluice.Bedrock.Emulator;

/// <summary>What the emulator saw and decided for one request (for test assertions).</summary>
public sealed record RequestRecord
{
    /// <summary>x-amzn-RequestId sent back.</summary>
    public required string RequestId { get; init; }

    /// <summary>"bedrock-runtime", "bedrock" (control plane) or "sts".</summary>
    public required string Service { get; init; }

    /// <summary>Operation name (Converse, ConverseStream, InvokeModel, InvokeModelWithResponseStream, CountTokens, GetInferenceProfile, AssumeRole, GetCallerIdentity) or null when unroutable.</summary>
    public string? Operation { get; init; }

    /// <summary>HTTP method.</summary>
    public required string Method { get; init; }

    /// <summary>The raw request target as received (still percent-encoded).</summary>
    public required string RawTarget { get; init; }

    /// <summary>Host header.</summary>
    public string? Host { get; init; }

    /// <summary>HTTP/1.1 or HTTP/2.</summary>
    public required string Protocol { get; init; }

    /// <summary>The model identifier from the path, decoded once.</summary>
    public string? ModelId { get; init; }

    /// <summary>The request (source) Region.</summary>
    public string? Region { get; init; }

    /// <summary>The Region that served the call (profile routing), runtime only.</summary>
    public string? ServedRegion { get; init; }

    /// <summary>The foundation model that answered.</summary>
    public string? ResolvedModelId { get; init; }

    /// <summary>"sigv4", "bearer" or "none".</summary>
    public string AuthKind { get; init; } = "none";

    /// <summary>Access key ID used for SigV4.</summary>
    public string? AccessKeyId { get; init; }

    /// <summary>Authenticated principal ARN.</summary>
    public string? PrincipalArn { get; init; }

    /// <summary>Selected request headers (lower-case names).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The request body as UTF-8 text.</summary>
    public string Body { get; init; } = "";

    /// <summary>Status code answered (200 for streams even when a fault frame followed).</summary>
    public int StatusCode { get; init; }

    /// <summary>Error type answered, or the injected stream fault.</summary>
    public string? ErrorType { get; init; }
}
