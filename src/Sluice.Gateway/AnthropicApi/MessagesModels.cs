using Microsoft.AspNetCore.Http;
using Sluice.Core.Configuration;
using Sluice.Core.Errors;
using Sluice.Core.Providers;
using Sluice.Gateway.Pipeline;

namespace Sluice.Gateway.AnthropicApi;

/// <summary>Finds the model a Messages request names and what serves it.</summary>
internal static class MessagesModels
{
    /// <summary>The route the caller may use for chat, with the model headers set; throws the 404/403/400 otherwise.</summary>
    public static ModelRoute Resolve(HttpContext context, ApiCall call, string model)
    {
        if (!ModelResolver.TryResolve(call.Snapshot, call.Principal, model, ModelType.Chat, out var route, out var error, context.Request.Headers))
        {
            throw new GatewayException(error!);
        }

        call.Route = route;
        SluiceHeaders.SetModel(context.Response, route!);
        return route!;
    }
}
