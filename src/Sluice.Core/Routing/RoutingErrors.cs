using Sluice.Core.Errors;

namespace Sluice.Core.Routing;

/// <summary>The errors routing itself raises.</summary>
public static class RoutingErrors
{
    public const string RequestTimeoutCode = "request_timeout";
    public const string FirstTokenTimeoutCode = "first_token_timeout";

    public static GatewayError RequestTimeout(RoutingTarget target, TimeSpan limit) => new(408, ErrorTypes.Timeout, RequestTimeoutCode,
        $"The target '{target.Route.FullName}' did not answer within the request timeout of {limit.TotalMilliseconds:0} ms.", Retryable: true);

    public static GatewayError FirstTokenTimeout(RoutingTarget target, TimeSpan limit) => new(408, ErrorTypes.Timeout, FirstTokenTimeoutCode,
        $"The target '{target.Route.FullName}' sent no first token within {limit.TotalMilliseconds:0} ms.", Retryable: true);

    public static GatewayError NoTarget(string model) => new(503, ErrorTypes.Server, "no_target_available",
        $"The virtual model '{model}' has no target this request may use (check the targets' metadata_match against the request's X-TFY-METADATA).",
        Retryable: false);
}
