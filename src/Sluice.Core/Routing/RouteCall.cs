using Sluice.Core.Configuration;
using Sluice.Core.Errors;

namespace Sluice.Core.Routing;

/// <summary>
/// One call of a virtual model: what the request asks of routing (timeouts, metadata, sticky identifiers) and what
/// routing did (the target of the last attempt, how many attempts). The gateway subclasses it to read headers and
/// to record failed attempts; one instance per request, only for virtual models.
/// </summary>
public class RouteCall
{
    /// <summary>Limit per attempt (<c>x-sluice-request-timeout</c>); null = none.</summary>
    public TimeSpan? RequestTimeout { get; init; }

    /// <summary>Streams only: limit until the first content (<c>x-sluice-ttft-timeout-ms</c>); null = none.</summary>
    public TimeSpan? FirstTokenTimeout { get; init; }

    /// <summary>The request's retry settings (<c>x-tfy-retry-config</c>), over each target's <c>retry_config</c>; null = the targets' own.</summary>
    public RetryOverride? Retry { get; init; }

    /// <summary>The request's metadata (<c>X-TFY-METADATA</c>), for <c>metadata_match</c> and sticky identifiers.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>The target of the last attempt: the one that served, or the last that failed.</summary>
    public RoutingTarget? Target { get; internal set; }

    /// <summary>Attempts made so far (retries and fallbacks included).</summary>
    public int Attempts { get; internal set; }

    /// <summary>A request header's value, for sticky identifiers with <c>source: headers</c>; null when absent.</summary>
    public virtual string? Header(string name) => null;

    /// <summary>
    /// An attempt failed and another follows (a retry or a fallback). The failure that ends the call is not reported
    /// here: it is the call's own outcome.
    /// </summary>
    public virtual void AttemptFailed(RoutingTarget target, int attempt, GatewayError error, TimeSpan elapsed)
    {
    }

    /// <summary>The route of the target that served (or last failed), or null before any attempt.</summary>
    public ModelRoute? ResolvedRoute => Target?.Route;
}
