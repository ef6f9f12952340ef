using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Sluice.OpenAI.Emulator.Routes;

/// <summary>
/// Every route the emulator answers, in one place: OpenAI's <c>/v1/...</c> API. A service with another URL scheme
/// over the same operations (Azure OpenAI's deployments) adds its routes here and reuses the handlers.
/// </summary>
internal static class EmulatorRoutes
{
    public static void Map(IEndpointRouteBuilder app, EmulatorState state)
    {
        app.MapPost("/v1/chat/completions", ctx => Call.RunAsync(ctx, state, ChatCompletions.HandleAsync));
        app.MapPost("/v1/embeddings", ctx => Call.RunAsync(ctx, state, EmbeddingsRoute.HandleAsync));
        app.MapPost("/v1/images/generations", ctx => Call.RunAsync(ctx, state, ImagesRoute.HandleAsync));
        app.MapPost("/v1/responses", ctx => Call.RunAsync(ctx, state, ResponsesRoute.HandleAsync));
        app.MapGet("/v1/models", ctx => Call.RunAsync(ctx, state, ModelsRoute.HandleAsync));
    }
}
