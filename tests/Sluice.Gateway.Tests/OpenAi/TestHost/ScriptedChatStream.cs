using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Sluice.Core.Chat;

namespace Sluice.Gateway.Tests.OpenAi.TestHost;

/// <summary>A stream the test feeds one update (or failure) at a time, to observe what the client sees in between.</summary>
internal sealed class ScriptedChatStream(UpstreamInfo? upstream = null) : ChatStream
{
    private readonly Channel<object> _items = Channel.CreateUnbounded<object>();

    public override UpstreamInfo Upstream { get; } = upstream ?? FakeProvider.DefaultUpstream;

    /// <summary>Completes when the gateway cancels the read (the client went away).</summary>
    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Disposed { get; private set; }

    public static ScriptedChatStream Completed(params ChatStreamUpdate[] updates)
    {
        var stream = new ScriptedChatStream();
        foreach (var update in updates) stream.Push(update);
        stream.Complete();
        return stream;
    }

    public void Push(ChatStreamUpdate update) => _items.Writer.TryWrite(update);

    public void Fail(Exception error) => _items.Writer.TryWrite(error);

    public void Complete() => _items.Writer.TryComplete();

    public override async IAsyncEnumerable<ChatStreamUpdate> ReadUpdatesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var registration = cancellationToken.Register(() => Cancelled.TrySetResult());
        while (await _items.Reader.WaitToReadAsync(cancellationToken))
        {
            while (_items.Reader.TryRead(out var item))
            {
                if (item is Exception error) throw error;
                yield return (ChatStreamUpdate)item;
            }
        }
    }

    public override ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
