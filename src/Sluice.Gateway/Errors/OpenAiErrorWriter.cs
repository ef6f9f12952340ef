using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sluice.Core.Errors;
using Sluice.Gateway.Json;

namespace Sluice.Gateway.Errors;

/// <summary>The one place a <see cref="GatewayError"/> becomes OpenAI's error JSON or an SSE error event.</summary>
public static class OpenAiErrorWriter
{
    /// <summary>Writes <c>{"error":{message,type,param,code}}</c> with the error's status and, for 429/503, <c>Retry-After</c>.</summary>
    public static async Task WriteAsync(HttpContext context, GatewayError error)
    {
        var response = context.Response;
        response.StatusCode = error.Status;
        response.ContentType = "application/json";
        if (error.RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        using var writer = new Utf8JsonWriter(response.BodyWriter, GatewayJson.WriterOptions);
        WriteBody(writer, error);
        await writer.FlushAsync(context.RequestAborted);
    }

    /// <summary>Writes the error object as an SSE event (<c>event: error</c>) for a stream that has already begun.</summary>
    public static async Task WriteSseAsync(HttpContext context, GatewayError error)
    {
        var body = context.Response.BodyWriter;
        body.Write("event: error\ndata: "u8);
        using (var writer = new Utf8JsonWriter(body, GatewayJson.WriterOptions))
        {
            WriteBody(writer, error);
        }

        body.Write("\n\n"u8);
        await body.FlushAsync(context.RequestAborted);
    }

    private const int MaxMessage = 4000;
    private const int MaxParam = 300;

    public static void WriteBody(Utf8JsonWriter writer, GatewayError error)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        // A last guard: every site already quotes caller input through CallerText, but no message or param, from
        // whichever source, may grow an error past a few kilobytes.
        writer.WriteString("message", CallerText.Quote(error.Message, MaxMessage));
        writer.WriteString("type", error.Type);
        if (error.Param is null) writer.WriteNull("param"); else writer.WriteString("param", CallerText.Quote(error.Param, MaxParam));
        if (error.Code is null) writer.WriteNull("code"); else writer.WriteString("code", error.Code);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
    }
}
