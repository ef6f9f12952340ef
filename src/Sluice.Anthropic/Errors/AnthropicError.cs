namespace Sluice.Anthropic.Errors;

/// <summary>A failure as Anthropic reported it: the HTTP status (0 = no answer), its error <c>type</c> and message.</summary>
/// <param name="Status">The HTTP status, the status Anthropic uses for the type of a mid-stream error, or 0 when the server was not reached.</param>
/// <param name="Type">Anthropic's error type (<c>rate_limit_error</c>, <c>overloaded_error</c>...).</param>
/// <param name="Message">Anthropic's message.</param>
/// <param name="RetryAfter">The <c>retry-after</c> header, when sent.</param>
/// <param name="RequestId">Anthropic's <c>request-id</c>, for a support ticket.</param>
public sealed record AnthropicError(int Status, string Type, string Message, TimeSpan? RetryAfter = null, string? RequestId = null);
