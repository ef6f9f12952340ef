using System.Runtime.CompilerServices;
using Sluice.Anthropic.Translation;
using Sluice.Core.Chat;
using Sluice.Core.Messages;

namespace Sluice.Gateway.AnthropicApi;

/// <summary>
/// A chat stream of a model without native Messages, read as Anthropic events through the translator, so the
/// handler writes both kinds of stream the same way.
/// </summary>
internal sealed class TranslatedMessagesStream(ChatStream chat, ChatRequest request, string model) : MessagesStream
{
    private readonly MessagesStreamState _state = new(model);
    private Usage? _usage;

    public override UpstreamInfo Upstream => chat.Upstream;

    public override MessagesAdjustments Adjustments => MessagesCalls.Adjustments(request);

    public override Usage? Usage => _usage;

    public override async IAsyncEnumerable<MessagesEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var events = new List<MessagesEvent>(4);
        await foreach (var update in chat.ReadUpdatesAsync(cancellationToken))
        {
            if (update.Kind == ChatStreamUpdateKind.Usage) _usage = update.Usage;
            MessagesStreamTranslator.Translate(update, _state, events);
            foreach (var e in events) yield return e;
            events.Clear();
        }

        MessagesStreamTranslator.Complete(_state, events);
        foreach (var e in events) yield return e;
    }

    public override ValueTask DisposeAsync() => chat.DisposeAsync();
}
