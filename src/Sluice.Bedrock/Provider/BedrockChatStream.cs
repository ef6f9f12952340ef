using System.Runtime.CompilerServices;
using Sluice.Bedrock.Converse;
using Sluice.Bedrock.Errors;
using Sluice.Bedrock.EventStream;
using Sluice.Bedrock.Runtime;
using Sluice.Core.Chat;
using Sluice.Core.Errors;

namespace Sluice.Bedrock.Provider;

/// <summary>A ConverseStream response as neutral updates: frames from the client, translation by <see cref="ConverseStreamTranslator"/>.</summary>
internal sealed class BedrockChatStream(BedrockEventStream stream, UpstreamInfo upstream, BedrockErrorContext context) : ChatStream
{
    public override UpstreamInfo Upstream { get; } = upstream;

    public override async IAsyncEnumerable<ChatStreamUpdate> ReadUpdatesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var state = new ConverseStreamState();
        var updates = new List<ChatStreamUpdate>(4);
        var messages = stream.ReadMessagesAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (messages.ConfigureAwait(false))
        {
            while (true)
            {
                // A throttling or model error can arrive mid-stream; it must reach the client as an error, never as a stop.
                bool more;
                try
                {
                    more = await messages.MoveNextAsync().ConfigureAwait(false);
                }
                catch (BedrockException e)
                {
                    throw BedrockErrorMapper.ToGatewayException(e, context);
                }

                if (!more)
                {
                    break;
                }

                Translate(messages.Current, state, updates);
                for (var i = 0; i < updates.Count; i++)
                {
                    yield return updates[i];
                }
            }
        }

        if (!state.IsComplete)
        {
            throw new GatewayException(new GatewayError(502, ErrorTypes.Upstream, BedrockExceptionNames.StreamTruncated,
                $"Bedrock's stream for {context.ModelId} ended before the answer was complete (no messageStop).", Upstream: "bedrock:" + context.Region));
        }
    }

    public override ValueTask DisposeAsync() => stream.DisposeAsync();

    private static void Translate(EventStreamMessage message, ConverseStreamState state, List<ChatStreamUpdate> updates)
    {
        updates.Clear();
        // The payload is only valid until the next MoveNext, so it is translated before anything is yielded.
        ConverseStreamTranslator.FromConverseStreamEvent(message.EventType, message.Payload.Span, state, updates);
    }
}
