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

    public static void SetModel(HttpResponse response, ModelRoute route)
    {
        response.Headers[Model] = route.FullName;
        response.Headers[UpstreamModelId] = route.UpstreamModelId;
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
