using Microsoft.AspNetCore.Http;
using Sluice.Core.Chat;
using Sluice.Core.Configuration;

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
}
