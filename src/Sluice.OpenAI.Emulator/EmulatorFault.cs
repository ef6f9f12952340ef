namespace Sluice.OpenAI.Emulator;

/// <summary>
/// A failure scripted for the next call to one model: an HTTP error (status, OpenAI error body, Retry-After), or,
/// with <see cref="MidStream"/>, an error event after the first content chunk of a stream.
/// </summary>
public sealed record EmulatorFault(int Status, string Message, string? Type = null, string? Code = null, TimeSpan? RetryAfter = null)
{
    /// <summary>Sent as an SSE error event after the first content chunk instead of an HTTP error.</summary>
    public bool MidStream { get; init; }

    /// <summary>OpenAI's 429 for a rate limit, with <c>retry-after</c> and <c>retry-after-ms</c>.</summary>
    public static EmulatorFault RateLimited(string model, TimeSpan retryAfter) => new(429,
        $"Rate limit reached for {model} in organization org-emulator on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in {retryAfter.TotalSeconds:0}s. Visit https://platform.openai.com/account/rate-limits to learn more.",
        "requests", "rate_limit_exceeded", retryAfter);

    /// <summary>OpenAI's 429 for a spent quota (billing), which no wait fixes.</summary>
    public static EmulatorFault QuotaExceeded() => new(429,
        "You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.",
        "insufficient_quota", "insufficient_quota");

    /// <summary>OpenAI's 500.</summary>
    public static EmulatorFault ServerError() => new(500,
        "The server had an error while processing your request. Sorry about that!", "server_error");

    /// <summary>An error event in the middle of a stream.</summary>
    public static EmulatorFault StreamError() => ServerError() with { MidStream = true };
}
