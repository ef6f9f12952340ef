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
