using Microsoft.AspNetCore.Http;
using Sluice.Core.Chat;
using Sluice.Core.Configuration;
using Sluice.Core.Errors;

namespace Sluice.Gateway.Pipeline;

/// <summary>The <c>x-sluice-*</c> response headers that say which model and upstream served a call.</summary>
public static class SluiceHeaders
{
    public const string Model = "x-sluice-model";
    public const string UpstreamModelId = "x-sluice-upstream-model-id";
    public const string UpstreamRegion = "x-sluice-upstream-region";

    /// <summary>Request header: <c>true</c> drops parameters the model cannot honour instead of refusing them.</summary>
    public const string DropParams = "x-sluice-drop-params";

    /// <summary>Response header: the comma-separated parameters that were dropped, present only when any were.</summary>
    public const string DroppedParams = "x-sluice-dropped-params";

    /// <summary>Response header: the target (<c>account/model</c>) of a virtual model that served, or failed last.</summary>
    public const string ResolvedModel = "x-sluice-resolved-model";

    /// <summary>Response header: how many upstream attempts a virtual-model call took.</summary>
    public const string Attempts = "x-sluice-attempts";

    /// <summary>Request header: milliseconds each attempt of a virtual-model call may take.</summary>
    public const string RequestTimeout = "x-sluice-request-timeout";

    /// <summary>TrueFoundry's name of <see cref="RequestTimeout"/>, accepted as well.</summary>
    public const string TfyRequestTimeout = "x-tfy-request-timeout";

    /// <summary>Request header: milliseconds a streamed attempt may take to its first token before the next target is tried.</summary>
    public const string FirstTokenTimeout = "x-sluice-ttft-timeout-ms";

    /// <summary>TrueFoundry's name of <see cref="FirstTokenTimeout"/>, accepted as well.</summary>
    public const string TfyFirstTokenTimeout = "x-tfy-ttft-timeout-ms";

    /// <summary>Request header: this request's retry settings, <c>{"attempts":3,"delay":100,"onStatusCodes":[429,503]}</c>.</summary>
    public const string RetryConfig = "x-sluice-retry-config";

    /// <summary>TrueFoundry's name of <see cref="RetryConfig"/>, accepted as well.</summary>
    public const string TfyRetryConfig = "x-tfy-retry-config";

    /// <summary>Response header: TrueFoundry's name of <see cref="ResolvedModel"/>, read by its dashboards and clients.</summary>
    public const string TfyResolvedModel = "x-tfy-resolved-model";

    /// <summary>Request header: a JSON object of strings, matched by targets' <c>metadata_match</c> and sticky identifiers.</summary>
    public const string Metadata = "x-tfy-metadata";

    /// <summary>
    /// Names the serving target and the attempt count of a routed call (a virtual model, or a real model called with
    /// timeout or retry headers); nothing for a real model called directly.
    /// </summary>
    /// <param name="failed">The call failed: the upstream model ID header then names the last target tried, not the first listed.</param>
    public static void SetRouting(HttpResponse response, Sluice.Core.Routing.RouteCall? routing, bool failed = false)
    {
        if (routing?.ResolvedRoute is not { } target || response.HasStarted) return;
        if (failed) response.Headers[UpstreamModelId] = target.UpstreamModelId;
        response.Headers[ResolvedModel] = target.FullName;
        response.Headers[TfyResolvedModel] = target.FullName;
        response.Headers[Attempts] = routing.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public static void SetModel(HttpResponse response, ModelRoute route)
    {
        response.Headers[Model] = route.FullName;
        response.Headers[UpstreamModelId] = route.UpstreamModelId;
        // A real model serves itself; a virtual model's target is named once routing has picked it (SetRouting).
        if (route.Router is null) response.Headers[TfyResolvedModel] = route.FullName;
    }

    public static void SetUpstream(HttpResponse response, UpstreamInfo upstream)
    {
        if (response.HasStarted) return;
        response.Headers[UpstreamModelId] = upstream.ModelId;
        response.Headers[UpstreamRegion] = upstream.Region;
    }

    /// <summary>Names what was dropped from the request; writes nothing when nothing was.</summary>
    public static void SetDropped(HttpResponse response, List<string>? dropped)
    {
        if (dropped is null || response.HasStarted) return;
        response.Headers[DroppedParams] = string.Join(',', dropped);
    }

    /// <summary>
    /// A failed upstream call still names the region it went to (<see cref="GatewayError.Upstream"/> is
    /// <c>provider:region</c>), so a denial or throttle can be traced to the region without reading the message.
    /// </summary>
    public static void SetFailedUpstream(HttpResponse response, GatewayError error)
    {
        if (response.HasStarted || error.Upstream is not { } upstream) return;
        var colon = upstream.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && colon < upstream.Length - 1 && !response.Headers.ContainsKey(UpstreamRegion))
        {
            response.Headers[UpstreamRegion] = upstream[(colon + 1)..];
        }
    }
}
