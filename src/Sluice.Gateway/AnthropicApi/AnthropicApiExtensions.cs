using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sluice.Core.Errors;

namespace Sluice.Gateway.AnthropicApi;

/// <summary>
/// Registers and maps Anthropic's Messages API (<c>/v1/messages</c>, <c>/v1/messages/count_tokens</c>) beside the
/// OpenAI-compatible one, with which it shares the key check, the limits (<see cref="OpenAi.OpenAiApiOptions"/>),
/// usage recording and <c>GET /v1/models</c> (Anthropic's format when the request carries <c>anthropic-version</c>).
/// </summary>
public static class AnthropicApiExtensions
{
    public static IServiceCollection AddAnthropicApi(this IServiceCollection services)
    {
        services.TryAddSingleton<MessagesCalls>();
        services.TryAddSingleton<MessagesHandler>();
        services.TryAddSingleton<CountTokensHandler>();
        services.TryAddSingleton<AnthropicModelsHandler>();
        return services;
    }

    public static IEndpointRouteBuilder MapAnthropicApi(this IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        RequestDelegate messages = services.GetRequiredService<MessagesHandler>().HandleAsync;
        RequestDelegate countTokens = services.GetRequiredService<CountTokensHandler>().HandleAsync;
        endpoints.MapPost("/v1/messages", messages);
        endpoints.MapPost("/v1/messages/count_tokens", countTokens);
        // Anything else under /v1/messages answers in Anthropic's shape, not OpenAI's.
        endpoints.MapFallback("/v1/messages/{**path}", NotFoundAsync);
        return endpoints;
    }

    /// <summary>
    /// <c>GET /v1/models</c> for both APIs: Anthropic's list when the request carries <c>anthropic-version</c>,
    /// OpenAI's otherwise.
    /// </summary>
    public static RequestDelegate ModelsFor(IServiceProvider services, RequestDelegate openAi)
    {
        RequestDelegate anthropic = services.GetRequiredService<AnthropicModelsHandler>().HandleAsync;
        return context => context.Request.Headers.ContainsKey(AnthropicHeaders.Version) ? anthropic(context) : openAi(context);
    }

    private static Task NotFoundAsync(HttpContext context)
    {
        AnthropicHandler.AssignRequestId(context);
        var path = context.Request.Path.Value ?? "";
        if (path is "/v1/messages" or "/v1/messages/" or "/v1/messages/count_tokens")
        {
            // The path is right but the method is not: say which one to use, as HTTP's 405 means.
            context.Response.Headers.Allow = "POST";
            return AnthropicErrorWriter.WriteAsync(context, new GatewayError(405, ErrorTypes.InvalidRequest, "method_not_allowed",
                $"{CallerText.Quote(context.Request.Method, 20)} is not allowed on {path}; use POST."));
        }

        return AnthropicErrorWriter.WriteAsync(context, new GatewayError(404, ErrorTypes.NotFound, "unknown_url",
            $"Unknown endpoint {CallerText.Quote(context.Request.Method, 20)} {CallerText.Quote(path)}. The gateway serves POST /v1/messages and POST /v1/messages/count_tokens."));
    }
}
