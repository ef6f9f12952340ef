namespace Sluice.Core.Errors;

/// <summary>
/// The one error shape that flows out of providers and the pipeline. One place renders it as OpenAI error JSON
/// or as an SSE error event.
/// </summary>
/// <param name="Status">HTTP status to answer with.</param>
/// <param name="Type">OpenAI error type, e.g. <c>invalid_request_error</c>, <c>rate_limit_error</c>.</param>
/// <param name="Code">Machine-readable code, e.g. the upstream exception name.</param>
/// <param name="Message">What happened and, where it can, what to do.</param>
/// <param name="Param">The request parameter at fault, when there is one.</param>
/// <param name="Retryable">Whether the same request may succeed later (or elsewhere).</param>
/// <param name="RetryAfter">A hint for the <c>Retry-After</c> header.</param>
/// <param name="Upstream">Where it came from, e.g. <c>bedrock:us-east-1</c>.</param>
public sealed record GatewayError(
    int Status,
    string Type,
    string? Code,
    string Message,
    string? Param = null,
    bool Retryable = false,
    TimeSpan? RetryAfter = null,
    string? Upstream = null)
{
    public static GatewayError InvalidRequest(string message, string? param = null, string? code = null) =>
        new(400, ErrorTypes.InvalidRequest, code, message, param);
}
