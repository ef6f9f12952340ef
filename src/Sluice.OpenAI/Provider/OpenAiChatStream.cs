using System.Runtime.CompilerServices;
using Sluice.Core.Chat;
using Sluice.Core.Errors;
using Sluice.OpenAI.Chat;
using Sluice.OpenAI.Client;
using Sluice.OpenAI.Errors;
using Sluice.OpenAI.Sse;

namespace Sluice.OpenAI.Provider;

/// <summary>A streamed chat answer: SSE framing by <see cref="SseReader"/>, translation by <see cref="ChatStreamTranslator"/>.</summary>
internal sealed class OpenAiChatStream(HttpResponseMessage response, Stream body, UpstreamInfo upstream, ChatStreamState state, IOpenAiEndpoint endpoint)
    : ChatStream
{
    private readonly SseReader _reader = new(body);

    public override UpstreamInfo Upstream { get; } = upstream;

    public override async IAsyncEnumerable<ChatStreamUpdate> ReadUpdatesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var updates = new List<ChatStreamUpdate>(4);
        var events = _reader.ReadEventsAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (events.ConfigureAwait(false))
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await events.MoveNextAsync().ConfigureAwait(false);
                    if (more) Translate(events.Current, updates);
                }
                catch (OpenAiApiException e)
                {
                    throw new GatewayException(OpenAiErrorMapper.MidStream(e, endpoint, Upstream.ModelId), e);
                }
                catch (Exception e) when (e is HttpRequestException or IOException or InvalidDataException or System.Text.Json.JsonException)
                {
                    throw new GatewayException(new GatewayError(502, ErrorTypes.Upstream, "stream_broken",
                        $"{endpoint.DisplayName}'s stream for {Upstream.ModelId} broke: {e.Message}", Upstream: endpoint.UpstreamName), e);
                }

                if (!more || state.Done) break;
                foreach (var update in updates) yield return update;
            }
        }

        if (!state.Done && !state.Finished)
        {
            throw new GatewayException(new GatewayError(502, ErrorTypes.Upstream, "stream_truncated",
                $"{endpoint.DisplayName}'s stream for {Upstream.ModelId} ended before the answer was complete (no finish_reason and no [DONE]).",
                Upstream: endpoint.UpstreamName));
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await _reader.DisposeAsync().ConfigureAwait(false);
        await body.DisposeAsync().ConfigureAwait(false);
        response.Dispose();
    }

    private void Translate(SseEvent e, List<ChatStreamUpdate> updates)
    {
        updates.Clear();
        if (e.IsDone)
        {
            state.Done = true;
            return;
        }

        // The data lives in the reader's buffer until the next event: translated (and copied) before anything is yielded.
        ChatStreamTranslator.FromChatCompletionChunk(e.Data.Span, state, updates);
    }
}
