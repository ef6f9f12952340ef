namespace Sluice.Bedrock.Errors;

/// <summary>Exception names Bedrock sends, plus the client's own (network, truncation).</summary>
public static class BedrockExceptionNames
{
    public const string AccessDenied = "AccessDeniedException";
    public const string Validation = "ValidationException";
    public const string Throttling = "ThrottlingException";
    public const string ModelNotReady = "ModelNotReadyException";
    public const string ModelTimeout = "ModelTimeoutException";
    public const string ModelError = "ModelErrorException";
    public const string ModelStreamError = "ModelStreamErrorException";
    public const string ResourceNotFound = "ResourceNotFoundException";
    public const string ServiceQuotaExceeded = "ServiceQuotaExceededException";
    public const string Conflict = "ConflictException";
    public const string InternalServer = "InternalServerException";
    public const string ServiceUnavailable = "ServiceUnavailableException";

    /// <summary>The connection failed or broke before a complete response arrived.</summary>
    public const string NetworkError = "NetworkError";

    /// <summary>No response within the allowed time (not a caller cancellation).</summary>
    public const string Timeout = "Timeout";

    /// <summary>An event stream ended without its terminal event or inside a frame.</summary>
    public const string StreamTruncated = "StreamTruncated";

    /// <summary>An event stream frame failed its CRC or length checks.</summary>
    public const string StreamCorrupted = "StreamCorrupted";
}
