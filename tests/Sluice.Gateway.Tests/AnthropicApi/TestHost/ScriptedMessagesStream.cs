using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Sluice.Core.Chat;
using Sluice.Core.Messages;
using Sluice.Gateway.Tests.OpenAi.TestHost;

namespace Sluice.Gateway.Tests.AnthropicApi.TestHost;

/// <summary>A Messages stream the test feeds one event (or failure) at a time.</summary>
internal sealed class ScriptedMessagesStream(MessagesAdjustments? adjustments = null) : MessagesStream
{
    private readonly Channel<object> _items = Channel.CreateUnbounded<object>();

    public override UpstreamInfo Upstream { get; } = FakeProvider.DefaultUpstream;

    public override MessagesAdjustments Adjustments { get; } = adjustments ?? MessagesAdjustments.None;

    public override Usage? Usage => new(12, 3, CachedTokens: 4, CacheWriteTokens: 2);

    /// <summary>Released each time the gateway asks for the next event (and once when it starts reading).</summary>
    public SemaphoreSlim WaitingForMore { get; } = new(0);

    /// <summary>The events of a short text answer, as Anthropic sends them (upstream model ID in message_start).</summary>
    public static (string Type, string Json)[] TextAnswer(params string[] pieces)
    {
        var events = new List<(string, string)>
        {
            ("message_start", """{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-test-upstream","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"cache_creation_input_tokens":2,"cache_read_input_tokens":4,"output_tokens":1}}}"""),
            ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""),
        };
        foreach (var piece in pieces)
        {
            events.Add(("content_block_delta", $$$"""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"{{{piece}}}"}}"""));
        }

        events.Add(("content_block_stop", """{"type":"content_block_stop","index":0}"""));
        events.Add(("message_delta", """{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":3}}"""));
        events.Add(("message_stop", """{"type":"message_stop"}"""));
        return [.. events];
    }

    public static ScriptedMessagesStream Completed((string Type, string Json)[] events, MessagesAdjustments? adjustments = null)
    {
        var stream = new ScriptedMessagesStream(adjustments);
        foreach (var (type, json) in events) stream.Push(type, json);
        stream.Complete();
        return stream;
    }

    public void Push(string type, string json) => _items.Writer.TryWrite(new MessagesEvent(type, Encoding.UTF8.GetBytes(json)));

    public void Fail(Exception error) => _items.Writer.TryWrite(error);

    public void Complete() => _items.Writer.TryComplete();

    public override async IAsyncEnumerable<MessagesEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            WaitingForMore.Release();
            if (!await _items.Reader.WaitToReadAsync(cancellationToken)) break;
            while (_items.Reader.TryRead(out var item))
            {
                if (item is Exception error) throw error;
                yield return (MessagesEvent)item;
            }
        }
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
