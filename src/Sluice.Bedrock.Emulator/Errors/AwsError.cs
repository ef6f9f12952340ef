namespace Sluice.Bedrock.Emulator;

/// <summary>An error answer, rendered as rest-json (Bedrock) or query XML (STS) by <see cref="ErrorWriter"/>.</summary>
internal sealed record AwsError(int Status, string Type, string Message)
{
    /// <summary>Errors raised by the AWS front door (auth) carry the coral.service namespace, service errors bedrock's.</summary>
    public bool FrontDoor { get; init; }

    /// <summary>Some front-door answers spell the body member "Message" (API key failures).</summary>
    public bool CapitalMessage { get; init; }

    /// <summary>The STS query-protocol error code, when it differs from <see cref="Type"/>.</summary>
    public string? StsCode { get; init; }

    public static AwsError Validation(string message) => new(400, "ValidationException", message);

    public static AwsError InvalidModel() => Validation("The provided model identifier is invalid.");

    public static AwsError Malformed(string detail) => Validation("Malformed input request: " + detail + ", please reformat your input and try again.");

    public static AwsError AccessDenied(string message) => new(403, "AccessDeniedException", message);

    public static AwsError Throttling() => new(429, "ThrottlingException", "Too many requests, please wait before trying again.");

    public static AwsError Internal() => new(500, "InternalServerException", "The system encountered an unexpected error during processing. Try your request again.");

    public static AwsError Unavailable() => new(503, "ServiceUnavailableException", "Bedrock is unable to process your request.");

    public static AwsError NotFound(string message) => new(404, "ResourceNotFoundException", message);

    public static AwsError UnknownOperation() => new(404, "UnknownOperationException", "") { FrontDoor = true };

    public static AwsError MissingToken() =>
        new(403, "MissingAuthenticationTokenException", "Missing Authentication Token") { FrontDoor = true, StsCode = "MissingAuthenticationToken" };

    public static AwsError InvalidSignature(string message) =>
        new(403, "InvalidSignatureException", message) { FrontDoor = true, StsCode = "SignatureDoesNotMatch" };

    public static AwsError IncompleteSignature(string message) =>
        new(403, "IncompleteSignatureException", message) { FrontDoor = true, StsCode = "IncompleteSignature" };

    public static AwsError UnrecognizedClient() =>
        new(403, "UnrecognizedClientException", "The security token included in the request is invalid.") { FrontDoor = true, StsCode = "InvalidClientTokenId" };

    public static AwsError ExpiredToken() =>
        new(403, "ExpiredTokenException", "The security token included in the request is expired") { FrontDoor = true, StsCode = "ExpiredToken" };

    public static AwsError BadApiKey() =>
        new(403, "AccessDeniedException", "Authentication failed: Please make sure your API Key is valid.") { FrontDoor = true, CapitalMessage = true };

    public const string SignatureMismatchMessage =
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
}
