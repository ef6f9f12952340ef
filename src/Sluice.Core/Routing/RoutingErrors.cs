using Sluice.Core.Errors;

namespace Sluice.Core.Routing;

/// <summary>The errors routing itself raises.</summary>
public static class RoutingErrors
{
    public const string RequestTimeoutCode = "request_timeout";
    public const string FirstTokenTimeoutCode = "first_token_timeout";

    public static GatewayError RequestTimeout(RoutingTarget target, TimeSpan limit) => new(408, ErrorTypes.Timeout, RequestTimeoutCode,
        $"'{target.Route.FullName}' did not answer within the request timeout of {limit.TotalMilliseconds:0} ms (x-sluice-request-timeout / x-tfy-request-timeout).", Retryable: true);

    public static GatewayError FirstTokenTimeout(RoutingTarget target, TimeSpan limit) => new(408, ErrorTypes.Timeout, FirstTokenTimeoutCode,
        $"'{target.Route.FullName}' sent no first token within the first-token timeout of {limit.TotalMilliseconds:0} ms (x-sluice-ttft-timeout-ms / x-tfy-ttft-timeout-ms).", Retryable: true);

    public static GatewayError NoTarget(string model) => new(503, ErrorTypes.Server, "no_target_available",
        $"The virtual model '{model}' has no target this request may use (check the targets' metadata_match against the request's X-TFY-METADATA).",
        Retryable: false);

    public static GatewayError NoMessagesTarget(string model) => GatewayError.InvalidRequest(
        $"No target of '{model}' takes Anthropic Messages requests.", "model", "messages_not_supported");

    /// <summary>
    /// An Anthropic <c>error</c> event that arrived before any content (e.g. <c>overloaded_error</c> on an HTTP 200
    /// stream): an ordinary failed attempt, with the status Sluice gives that error type.
    /// </summary>
    public static GatewayError StreamErrorEvent(RoutingTarget target, string? type, string? message) => type switch
    {
        "overloaded_error" or "rate_limit_error" => new(429, ErrorTypes.RateLimit, type, Text(target, type, message), Retryable: true),
        "invalid_request_error" => new(400, ErrorTypes.InvalidRequest, type, Text(target, type, message)),
        "authentication_error" => new(401, ErrorTypes.Authentication, type, Text(target, type, message)),
        "permission_error" => new(403, ErrorTypes.Permission, type, Text(target, type, message)),
        "not_found_error" => new(404, ErrorTypes.NotFound, type, Text(target, type, message)),
        "timeout_error" => new(504, ErrorTypes.Timeout, type, Text(target, type, message), Retryable: true),
        _ => new(500, ErrorTypes.Server, type ?? "api_error", Text(target, type, message), Retryable: true),
    };

    private static string Text(RoutingTarget target, string? type, string? message) =>
        $"The target '{target.Route.FullName}' sent a stream error ({type ?? "unknown"}) before any content: {message ?? "no message"}";
}
