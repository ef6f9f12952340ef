using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Bedrock.Errors;
using Sluice.Bedrock.EventStream;
using Sluice.Bedrock.Provider;
using Sluice.Bedrock.Runtime;
using Sluice.Core.Chat;
using Sluice.Core.Errors;
using Sluice.Core.Messages;

namespace Sluice.Bedrock.Messages;

/// <summary>
/// An InvokeModelWithResponseStream answer for an Anthropic body: each <c>chunk</c> frame carries one Anthropic event
/// as base64 JSON, passed on unchanged except <c>message_stop</c>, which loses Bedrock's
/// <c>amazon-bedrock-invocationMetrics</c>. Exception frames become <see cref="GatewayException"/>s (throttling stays
/// a retryable 429), and a stream that ends before <c>message_stop</c> is an error, never a silent end.
/// </summary>
internal sealed class BedrockMessagesStream(BedrockEventStream stream, UpstreamInfo upstream, MessagesAdjustments adjustments, BedrockErrorContext context)
    : MessagesStream
{
    private const string MetricsKey = "amazon-bedrock-invocationMetrics";
    private MessagesUsageCounts _counts;
    private bool _sawUsage;

    public override UpstreamInfo Upstream { get; } = upstream;

    public override MessagesAdjustments Adjustments { get; } = adjustments;

    public override Usage? Usage => _sawUsage ? _counts.ToUsage() : null;

    public override async IAsyncEnumerable<MessagesEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sawStop = false;
        var frames = stream.ReadMessagesAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (frames.ConfigureAwait(false))
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await frames.MoveNextAsync().ConfigureAwait(false);
                }
                catch (BedrockException e)
                {
                    throw BedrockErrorMapper.ToGatewayException(e, context);
                }

                if (!more)
                {
                    break;
                }

                // The frame's payload is only valid until the next MoveNext, so the event is decoded into its own array now.
                if (frames.Current.EventType != "chunk" || FromChunkPayload(frames.Current.Payload.Span) is not { } json)
                {
                    continue;
                }

                var type = EventType(json);
                switch (type)
                {
                    case "message_start" or "message_delta":
                        Track(json, type);
                        break;
                    case "message_stop":
                        sawStop = true;
                        json = WithoutMetrics(json);
                        break;
                }

                yield return new MessagesEvent(type ?? "", json);
            }
        }

        if (!sawStop)
        {
            throw new GatewayException(new GatewayError(502, ErrorTypes.Upstream, BedrockExceptionNames.StreamTruncated,
                $"Bedrock's stream for {context.ModelId} ended before the answer was complete (no message_stop).",
                Retryable: true, Upstream: "bedrock:" + context.Region));
        }
    }

    public override ValueTask DisposeAsync() => stream.DisposeAsync();

    /// <summary>The decoded <c>bytes</c> of a chunk payload (<c>{"bytes":"base64…","p":"…"}</c>).</summary>
    private static byte[]? FromChunkPayload(ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isBytes = reader.ValueTextEquals("bytes"u8);
            reader.Read();
            if (isBytes && reader.TokenType == JsonTokenType.String && reader.TryGetBytesFromBase64(out var bytes))
            {
                return bytes;
            }

            reader.Skip();
        }

        return null;
    }

    /// <summary>The top-level <c>type</c> of an event, without building a document.</summary>
    private static string? EventType(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            reader.Read();
            if (isType && reader.TokenType == JsonTokenType.String)
            {
                return reader.GetString();
            }

            reader.Skip();
        }

        return null;
    }

    private void Track(byte[] json, string type)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var usage = type == "message_start"
                ? root.TryGetProperty("message", out var m) && m.TryGetProperty("usage", out var u) ? u : default
                : root.TryGetProperty("usage", out var d) ? d : default;
            if (usage.ValueKind == JsonValueKind.Object)
            {
                _counts = _counts.Merge(usage);
                _sawUsage = true;
            }
        }
        catch (JsonException)
        {
            // A malformed event is still relayed; it just adds no usage.
        }
    }

    private static byte[] WithoutMetrics(byte[] json)
    {
        if (json.AsSpan().IndexOf("\"amazon-bedrock-invocationMetrics\""u8) < 0 || JsonNode.Parse(json) is not JsonObject stop)
        {
            return json;
        }

        stop.Remove(MetricsKey);
        var output = new System.Buffers.ArrayBufferWriter<byte>(json.Length);
        using (var writer = new Utf8JsonWriter(output))
        {
            stop.WriteTo(writer);
        }

        return output.WrittenSpan.ToArray();
    }
}
