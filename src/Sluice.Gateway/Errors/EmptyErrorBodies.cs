using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Sluice.Core.Errors;

namespace Sluice.Gateway.Errors;

/// <summary>
/// Gives an OpenAI-shaped error body to the 4xx answers ASP.NET Core writes by itself with no body: an unknown admin
/// route (404), a wrong method (405), a query parameter that does not bind (<c>?limit=abc</c>, 400). Callers of
/// <c>/v1</c> and <c>/api</c> always get JSON they can parse and a message that says what was wrong.
/// </summary>
public static class EmptyErrorBodies
{
    /// <remarks>
    /// The rule of ASP.NET Core's status code pages (an error status, nothing sent, no length and no type), without its
    /// per-request feature object and state machine: every API call passes through here.
    /// </remarks>
    public static void UseOpenAiErrorBodies(this IApplicationBuilder app) =>
        app.Use(static (context, next) =>
        {
            var handled = next(context);
            if (!handled.IsCompletedSuccessfully) return AfterAsync(handled, context);
            return NeedsBody(context.Response) ? WriteAsync(context) : Task.CompletedTask;
        });

    private static async Task AfterAsync(Task handled, HttpContext context)
    {
        await handled;
        if (NeedsBody(context.Response)) await WriteAsync(context);
    }

    private static bool NeedsBody(HttpResponse response) =>
        !response.HasStarted && response.StatusCode is >= 400 and <= 599 && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType);

    private static Task WriteAsync(HttpContext http)
    {
        var path = http.Request.Path;
        if (!path.StartsWithSegments("/v1", StringComparison.Ordinal) && !path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            return Task.CompletedTask;
        }

        var status = http.Response.StatusCode;
        var method = CallerText.Quote(http.Request.Method, 20);
        var where = CallerText.Quote(path.Value);
        var error = status switch
        {
            404 => new GatewayError(404, ErrorTypes.NotFound, "unknown_url", $"Unknown endpoint {method} {where}. The admin API is listed in docs/admin-api.md."),
            405 => new GatewayError(405, ErrorTypes.InvalidRequest, "method_not_allowed",
                $"{method} is not allowed on {where}" + (http.Response.Headers.Allow.Count > 0 ? $"; use {http.Response.Headers.Allow}." : ".")),
            400 => GatewayError.InvalidRequest($"The request to {where} could not be read: a query or route parameter has the wrong form (for example a word where a number or true/false belongs).", null, "invalid_parameter"),
            413 => new GatewayError(413, ErrorTypes.InvalidRequest, "request_too_large", "The request body is too large."),
            415 => new GatewayError(415, ErrorTypes.InvalidRequest, "unsupported_media_type", "This content type is not accepted here; send application/json."),
            _ => new GatewayError(status, status >= 500 ? ErrorTypes.Server : ErrorTypes.InvalidRequest, null, $"The request to {where} failed with HTTP status {status}."),
        };
        return OpenAiErrorWriter.WriteAsync(http, error);
    }
}
