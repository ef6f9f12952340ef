using System.Runtime.CompilerServices;
using System.Text.Json;
using Sluice.Anthropic.Client;
using Sluice.Anthropic.Errors;
using Sluice.Core.Chat;
using Sluice.Core.Errors;
using Sluice.Core.Messages;

namespace Sluice.Anthropic.Messages;

/// <summary>
/// Anthropic's own Messages stream, relayed event by event exactly as sent (pings included). Usage is read from
/// <c>message_start</c> and <c>message_delta</c>; an <c>error</c> event becomes a <see cref="GatewayException"/>
/// (the gateway writes it to the caller as Anthropic's error event), and a stream that ends before
/// <c>message_stop</c> is an error, never a silent end.
/// </summary>
internal sealed class AnthropicMessagesStream(HttpResponseMessage response, UpstreamInfo upstream, string modelId) : MessagesStream
{
    private MessagesUsageCounts _counts;
    private bool _sawUsage;

    public override UpstreamInfo Upstream { get; } = upstream;

    public override MessagesAdjustments Adjustments => MessagesAdjustments.None;

    public override Usage? Usage => _sawUsage ? _counts.ToUsage() : null;

    public override async IAsyncEnumerable<MessagesEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var requestId = AnthropicErrorReader.RequestId(response.Headers);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var sawStop = false;
        var events = SseReader.ReadAsync(body, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (events.ConfigureAwait(false))
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await events.MoveNextAsync().ConfigureAwait(false);
                }
                catch (IOException e)
                {
                    throw Truncated(e.Message, e);
                }
                catch (HttpRequestException e)
                {
                    throw Truncated(e.Message, e);
                }

                if (!more) break;
                var e2 = events.Current;
                var type = e2.Name.Length > 0 ? e2.Name : EventType(e2.Data) ?? "";
                switch (type)
                {
                    case "error":
                        throw AnthropicErrorMapper.ToGatewayException(new AnthropicException(AnthropicErrorReader.FromEvent(e2.Data, requestId)), modelId);
                    case "message_start" or "message_delta":
                        Track(e2.Data, type);
                        break;
                    case "message_stop":
                        sawStop = true;
                        break;
                }

                yield return new MessagesEvent(type, e2.Data);
            }
        }

        if (!sawStop) throw Truncated("no message_stop", null);
    }

    public override ValueTask DisposeAsync()
    {
        response.Dispose();
        return ValueTask.CompletedTask;
    }

    private GatewayException Truncated(string why, Exception? inner) =>
        new(new GatewayError(502, ErrorTypes.Upstream, "stream_truncated",
            $"Anthropic's stream for {modelId} ended before the answer was complete ({why}).", Retryable: true, Upstream: AnthropicErrorMapper.Upstream), inner);

    /// <summary>The top-level <c>type</c> of an event whose SSE frame had no <c>event:</c> line.</summary>
    internal static string? EventType(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            reader.Read();
            if (isType && reader.TokenType == JsonTokenType.String) return reader.GetString();
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
}
