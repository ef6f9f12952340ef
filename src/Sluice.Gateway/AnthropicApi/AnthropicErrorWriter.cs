using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sluice.Core.Errors;
using Sluice.Gateway.Json;

namespace Sluice.Gateway.AnthropicApi;

/// <summary>
/// The one place a <see cref="GatewayError"/> becomes Anthropic's error JSON
/// (<c>{"type":"error","error":{"type":…,"message":…}}</c>) or its <c>error</c> stream event, with Anthropic's status
/// and type for it: the Anthropic SDKs and Claude Code decide what to retry by these.
/// </summary>
public static class AnthropicErrorWriter
{
    private const int MaxMessage = 4000;

    /// <summary>Anthropic's status and error type for a gateway error.</summary>
    /// <remarks>
    /// Upstream throttling is Anthropic's 529 <c>overloaded_error</c> (what Claude Code waits out and retries), while a
    /// 429 without an upstream is one of Sluice's own limits, Anthropic's <c>rate_limit_error</c>.
    /// </remarks>
    public static (int Status, string Type) Map(GatewayError error) => error.Status switch
    {
        400 or 422 => (400, "invalid_request_error"),
        401 => (401, "authentication_error"),
        403 => (403, "permission_error"),
        404 => (404, "not_found_error"),
        413 => (413, "request_too_large"),
        429 when error.Upstream is not null => (529, "overloaded_error"),
        429 => (429, "rate_limit_error"),
        503 or 529 => (529, "overloaded_error"),
        408 or 504 => (504, "timeout_error"),
        >= 500 => (500, "api_error"),
        _ => (error.Status, "invalid_request_error"),
    };

    /// <summary>Writes the error JSON with its status, <c>Retry-After</c> where there is a hint, and <c>x-sluice-error-code</c>.</summary>
    public static async Task WriteAsync(HttpContext context, GatewayError error)
    {
        var response = context.Response;
        var (status, type) = Map(error);
        response.StatusCode = status;
        response.ContentType = "application/json";
        if (error.RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        // Anthropic's body has no place for Sluice's code (e.g. model_not_found, ThrottlingException); a header keeps it.
        if (error.Code is { } code) response.Headers[ErrorCodeHeader] = code;
        using var writer = new Utf8JsonWriter(response.BodyWriter, GatewayJson.WriterOptions);
        WriteBody(writer, error, type);
        await writer.FlushAsync(context.RequestAborted);
    }

    /// <summary>Writes <c>event: error</c> with the same JSON, for a stream that has already begun.</summary>
    public static async Task WriteSseAsync(HttpContext context, GatewayError error)
    {
        var body = context.Response.BodyWriter;
        body.Write("event: error\ndata: "u8);
        using (var writer = new Utf8JsonWriter(body, GatewayJson.WriterOptions))
        {
            WriteBody(writer, error, Map(error).Type);
        }

        body.Write("\n\n"u8);
        await body.FlushAsync(context.RequestAborted);
    }

    /// <summary>Response header naming Sluice's own error code.</summary>
    public const string ErrorCodeHeader = "x-sluice-error-code";

    private static void WriteBody(Utf8JsonWriter writer, GatewayError error, string type)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "error"u8);
        writer.WriteStartObject("error"u8);
        writer.WriteString("type"u8, type);
        // A last guard, as for OpenAI errors: no message may grow an error past a few kilobytes.
        writer.WriteString("message"u8, CallerText.Quote(error.Message, MaxMessage));
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
    }
}
