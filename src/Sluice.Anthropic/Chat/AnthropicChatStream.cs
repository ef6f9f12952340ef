using System.Runtime.CompilerServices;
using Sluice.Anthropic.Client;
using Sluice.Anthropic.Errors;
using Sluice.Core.Chat;
using Sluice.Core.Errors;

namespace Sluice.Anthropic.Chat;

/// <summary>An Anthropic Messages stream as chat updates: framing by <see cref="SseReader"/>, translation by <see cref="ChatStreamTranslator"/>.</summary>
internal sealed class AnthropicChatStream(HttpResponseMessage response, UpstreamInfo upstream, string modelId) : ChatStream
{
    public override UpstreamInfo Upstream { get; } = upstream;

    public override async IAsyncEnumerable<ChatStreamUpdate> ReadUpdatesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var requestId = AnthropicErrorReader.RequestId(response.Headers);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var state = new ChatStreamState();
        var updates = new List<ChatStreamUpdate>(2);
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
                catch (Exception e) when (e is IOException or HttpRequestException)
                {
                    throw Truncated(e.Message, e);
                }

                if (!more) break;
                var e2 = events.Current;
                var type = e2.Name.Length > 0 ? e2.Name : Messages.AnthropicMessagesStream.EventType(e2.Data) ?? "";
                if (type == "error")
                {
                    // Throttling or overload can arrive mid-stream; it must reach the client as an error, never as a stop.
                    throw AnthropicErrorMapper.ToGatewayException(new AnthropicException(AnthropicErrorReader.FromEvent(e2.Data, requestId)), modelId);
                }

                updates.Clear();
                try
                {
                    ChatStreamTranslator.FromMessagesEvent(type, e2.Data, state, updates);
                }
                catch (System.Text.Json.JsonException e)
                {
                    throw new GatewayException(new GatewayError(502, ErrorTypes.Upstream, "invalid_upstream_response",
                        $"Anthropic sent a {type} event for {modelId} that is not valid JSON: {e.Message}", Upstream: AnthropicErrorMapper.Upstream), e);
                }

                for (var i = 0; i < updates.Count; i++) yield return updates[i];
                if (state.IsComplete) break;
            }
        }

        if (!state.IsComplete) throw Truncated("no message_stop", null);
    }

    public override ValueTask DisposeAsync()
    {
        response.Dispose();
        return ValueTask.CompletedTask;
    }

    private GatewayException Truncated(string why, Exception? inner) =>
        new(new GatewayError(502, ErrorTypes.Upstream, "stream_truncated",
            $"Anthropic's stream for {modelId} ended before the answer was complete ({why}).", Retryable: true, Upstream: AnthropicErrorMapper.Upstream), inner);
}
