using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Sluice.Bench.Mock;

/// <summary>Answers Bedrock Converse/ConverseStream and OpenAI chat with constant payloads and configurable timing.</summary>
public sealed class MockHandlers
{
    private MockSettings _settings;
    private long _requests;
    private long _tlsConnections;

    /// <summary>Creates the handlers with the startup settings.</summary>
    public MockHandlers(MockSettings settings) => _settings = settings;

    /// <summary>Counts one accepted TLS connection (called by the HTTPS listener before each handshake).</summary>
    public void CountTlsConnection() => Interlocked.Increment(ref _tlsConnections);

    /// <summary>Routes one request without the routing middleware (the mock's own cost should be as small as possible).</summary>
    public Task Dispatch(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (HttpMethods.IsPost(context.Request.Method))
        {
            if (path.StartsWith("/model/", StringComparison.Ordinal))
            {
                if (path.EndsWith("/converse", StringComparison.Ordinal))
                {
                    return ConverseAsync(context);
                }

                if (path.EndsWith("/converse-stream", StringComparison.Ordinal))
                {
                    return ConverseStreamAsync(context);
                }
            }
            else if (path == "/v1/chat/completions")
            {
                return OpenAiChatAsync(context);
            }
            else if (path == "/_mock/config")
            {
                return ConfigureAsync(context);
            }
        }
        else if (path == "/_mock/config" || path == "/_mock/health" || path == "/_mock/stats")
        {
            return WriteConfigAsync(context);
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private async Task ConverseAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var settings = _settings.With(context.Request);
        Interlocked.Increment(ref _requests);
        await DrainAsync(context.Request.BodyReader);
        await WaitUntilAsync(started, settings.TtfbMs, context.RequestAborted);
        var body = MockPayloads.For(settings).ConverseJson;
        var response = context.Response;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        response.Headers["x-amzn-RequestId"] = "00000000-0000-0000-0000-000000000000";
        await response.BodyWriter.WriteAsync(body);
    }

    private async Task ConverseStreamAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var settings = _settings.With(context.Request);
        Interlocked.Increment(ref _requests);
        await DrainAsync(context.Request.BodyReader);
        var payloads = MockPayloads.For(settings);
        var aborted = context.RequestAborted;
        try
        {
            await WaitUntilAsync(started, settings.TtfbMs, aborted);
            var response = context.Response;
            response.ContentType = "application/vnd.amazon.eventstream";
            response.Headers["x-amzn-RequestId"] = "00000000-0000-0000-0000-000000000000";
            var writer = response.BodyWriter;
            Copy(writer, payloads.MessageStart);
            Copy(writer, payloads.Delta);
            await writer.FlushAsync(aborted);
            for (var i = 1; i < settings.Chunks; i++)
            {
                // Absolute schedule: a late timer does not push every later chunk back.
                await WaitUntilAsync(started, settings.TtfbMs + (i * settings.IntervalMs), aborted);
                await writer.WriteAsync(payloads.Delta, aborted);
            }

            Copy(writer, payloads.BlockStop);
            Copy(writer, payloads.MessageStop);
            Copy(writer, payloads.Metadata);
            await writer.FlushAsync(aborted);
        }
        catch (OperationCanceledException)
        {
            // The caller went away (the open-streams figure cancels on purpose).
        }
    }

    private async Task OpenAiChatAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var settings = _settings.With(context.Request);
        Interlocked.Increment(ref _requests);
        var stream = await ReadStreamFlagAsync(context.Request.BodyReader);
        var payloads = MockPayloads.For(settings);
        var response = context.Response;
        var aborted = context.RequestAborted;
        try
        {
            await WaitUntilAsync(started, settings.TtfbMs, aborted);
            if (!stream)
            {
                response.ContentType = "application/json";
                response.ContentLength = payloads.OpenAiJson.Length;
                await response.BodyWriter.WriteAsync(payloads.OpenAiJson, aborted);
                return;
            }

            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            var writer = response.BodyWriter;
            Copy(writer, payloads.SseRole);
            Copy(writer, payloads.SseContent);
            await writer.FlushAsync(aborted);
            for (var i = 1; i < settings.Chunks; i++)
            {
                await WaitUntilAsync(started, settings.TtfbMs + (i * settings.IntervalMs), aborted);
                await writer.WriteAsync(payloads.SseContent, aborted);
            }

            Copy(writer, payloads.SseFinish);
            Copy(writer, payloads.SseUsage);
            Copy(writer, payloads.SseDone);
            await writer.FlushAsync(aborted);
        }
        catch (OperationCanceledException)
        {
            // The caller went away.
        }
    }

    private async Task ConfigureAsync(HttpContext context)
    {
        await DrainAsync(context.Request.BodyReader);
        _settings = _settings.With(context.Request);
        await WriteConfigAsync(context);
    }

    private Task WriteConfigAsync(HttpContext context)
    {
        var s = _settings;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(
            $"{{\"ttfb_ms\":{s.TtfbMs},\"tokens\":{s.Tokens},\"chunks\":{s.Chunks},\"interval_ms\":{s.IntervalMs},\"requests\":{Interlocked.Read(ref _requests)},\"tls_connections\":{Interlocked.Read(ref _tlsConnections)}}}\n");
    }

    private static void Copy(PipeWriter writer, byte[] bytes)
    {
        bytes.CopyTo(writer.GetSpan(bytes.Length));
        writer.Advance(bytes.Length);
    }

    private static Task WaitUntilAsync(long started, int offsetMs, CancellationToken cancellationToken)
    {
        if (offsetMs <= 0)
        {
            return Task.CompletedTask;
        }

        var remaining = offsetMs - Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return remaining < 0.5 ? Task.CompletedTask : Task.Delay(TimeSpan.FromMilliseconds(remaining), cancellationToken);
    }

    private static async Task DrainAsync(PipeReader reader)
    {
        while (true)
        {
            var result = await reader.ReadAsync();
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    private static async Task<bool> ReadStreamFlagAsync(PipeReader reader)
    {
        while (true)
        {
            var result = await reader.ReadAsync();
            if (result.IsCompleted)
            {
                var stream = FindStreamFlag(result.Buffer);
                reader.AdvanceTo(result.Buffer.End);
                return stream;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static bool FindStreamFlag(ReadOnlySequence<byte> body)
    {
        var json = new Utf8JsonReader(body);
        try
        {
            while (json.Read())
            {
                if (json.CurrentDepth == 1 && json.TokenType == JsonTokenType.PropertyName && json.ValueTextEquals("stream"u8))
                {
                    json.Read();
                    return json.TokenType == JsonTokenType.True;
                }

                if (json.CurrentDepth >= 1 && json.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    json.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: treat as a non-streaming request.
        }

        return false;
    }
}
