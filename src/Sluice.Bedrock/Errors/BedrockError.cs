namespace Sluice.Bedrock.Errors;

/// <summary>A Bedrock (or STS, or network) failure with the exception name, HTTP status and retry advice.</summary>
/// <param name="ExceptionName">Upstream exception name, e.g. <c>ThrottlingException</c>; unknown names are kept as sent.</param>
/// <param name="Status">HTTP status Bedrock assigns to that exception.</param>
/// <param name="Message">Upstream message.</param>
/// <param name="Retryable">Whether the same request may succeed later or elsewhere.</param>
/// <param name="RetryAfter">From the Retry-After header, or a hint for throttling.</param>
/// <param name="RequestId">The <c>x-amzn-RequestId</c> of the failed call.</param>
/// <param name="Region">The region that was called.</param>
/// <param name="ModelId">The model identifier that was called.</param>
/// <param name="OriginalMessage">For model errors, the model's own message (<c>originalMessage</c>).</param>
public sealed record BedrockError(
    string ExceptionName,
    int Status,
    string Message,
    bool Retryable,
    TimeSpan? RetryAfter = null,
    string? RequestId = null,
    string? Region = null,
    string? ModelId = null,
    string? OriginalMessage = null);
