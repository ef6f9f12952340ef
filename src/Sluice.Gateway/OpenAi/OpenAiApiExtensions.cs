using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sluice.Core.Errors;
using Sluice.Gateway.AnthropicApi;
using Sluice.Gateway.Errors;
using Sluice.Gateway.ImageFetching;
using Sluice.Gateway.Pipeline;

namespace Sluice.Gateway.OpenAi;

/// <summary>
/// Registers and maps the OpenAI-compatible data plane (<c>/v1/...</c>). The host must register
/// <see cref="Core.Configuration.ISnapshotSource"/>, <see cref="Core.Usage.IUsageSink"/> and <see cref="TimeProvider"/>.
/// Limits come from <see cref="OpenAiApiOptions"/> and <see cref="ImageFetchOptions"/> (options pattern).
/// </summary>
public static class OpenAiApiExtensions
{
    public static IServiceCollection AddOpenAiApi(this IServiceCollection services)
    {
        services.AddOptions<OpenAiApiOptions>();
        services.AddOptions<ImageFetchOptions>();
        services.TryAddSingleton<RequestGate>();
        services.TryAddSingleton<UsageReporter>();
        services.TryAddSingleton<Sluice.Limits.Counters.ILimitCounters>(sp => new Sluice.Limits.Counters.InMemoryLimitCounters(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new Sluice.Limits.Checking.LimitChecker(sp.GetRequiredService<Sluice.Limits.Counters.ILimitCounters>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetService<Sluice.Limits.Alerts.ThresholdTracker>()));
        services.TryAddSingleton<LimitGate>();
        services.TryAddSingleton<ImageFetcher>();
        services.TryAddSingleton<ChatCompletionsHandler>();
        services.TryAddSingleton<EmbeddingsHandler>();
        services.TryAddSingleton<ImagesHandler>();
        services.TryAddSingleton<ModelsHandler>();
        services.TryAddSingleton<ResponsesHandler>();
        services.AddAnthropicApi();
        return services;
    }

    public static IEndpointRouteBuilder MapOpenAiApi(this IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        // RequestDelegates, not lambdas with parameters: no per-request binding or reflection.
        RequestDelegate chat = services.GetRequiredService<ChatCompletionsHandler>().HandleAsync;
        RequestDelegate embeddings = services.GetRequiredService<EmbeddingsHandler>().HandleAsync;
        RequestDelegate images = services.GetRequiredService<ImagesHandler>().HandleAsync;
        RequestDelegate responses = services.GetRequiredService<ResponsesHandler>().HandleAsync;
        RequestDelegate models = AnthropicApiExtensions.ModelsFor(services, services.GetRequiredService<ModelsHandler>().HandleAsync);
        endpoints.MapPost("/v1/chat/completions", chat);
        endpoints.MapPost("/v1/embeddings", embeddings);
        endpoints.MapPost("/v1/images/generations", images);
        endpoints.MapPost("/v1/responses", responses);
        endpoints.MapGet("/v1/models", models);
        endpoints.MapGet("/v1/models/{**id}", models);
        endpoints.MapAnthropicApi();
        endpoints.MapFallback("/v1/{**path}", NotFoundAsync);
        return endpoints;
    }

    private static Task NotFoundAsync(HttpContext context)
    {
        RequestIds.Assign(context);
        var path = context.Request.Path.Value ?? "";
        var allowed = path switch
        {
            "/v1/chat/completions" or "/v1/embeddings" or "/v1/images/generations" => "POST",
            "/v1/models" => "GET",
            _ when path.StartsWith("/v1/models/", StringComparison.Ordinal) => "GET",
            _ => null,
        };
        if (allowed is not null)
        {
            // The path is right but the method is not: say which one to use, as HTTP's 405 means.
            context.Response.Headers.Allow = allowed;
            return OpenAiErrorWriter.WriteAsync(context, new GatewayError(405, ErrorTypes.InvalidRequest, "method_not_allowed",
                $"{CallerText.Quote(context.Request.Method, 20)} is not allowed on {path}; use {allowed}."));
        }

        return OpenAiErrorWriter.WriteAsync(context, new GatewayError(404, ErrorTypes.NotFound, "unknown_url",
            $"Unknown endpoint {CallerText.Quote(context.Request.Method, 20)} {CallerText.Quote(path)}. The gateway serves POST /v1/chat/completions, POST /v1/embeddings, POST /v1/images/generations, POST /v1/messages, POST /v1/messages/count_tokens and GET /v1/models."));
    }
}
