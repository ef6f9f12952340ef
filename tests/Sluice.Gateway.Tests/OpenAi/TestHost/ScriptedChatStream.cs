using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Sluice.Core.Chat;

namespace Sluice.Gateway.Tests.OpenAi.TestHost;

/// <summary>A stream the test feeds one update (or failure) at a time, to observe what the client sees in between.</summary>
internal sealed class ScriptedChatStream(UpstreamInfo? upstream = null) : ChatStream
{
    private readonly Channel<object> _items = Channel.CreateUnbounded<object>();

    public override UpstreamInfo Upstream { get; } = upstream ?? FakeProvider.DefaultUpstream;

    /// <summary>Completes when the gateway stops reading because its token was cancelled (the client went away).</summary>
    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Released each time the gateway asks for the next update after handling (writing and flushing) the previous
    /// ones, and once when it starts reading: a test waits here instead of guessing when the gateway is idle.
    /// </summary>
    public SemaphoreSlim WaitingForMore { get; } = new(0);

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
        // Signalled on the way out, not from a token registration: the channel's own registration on the same token
        // runs first and resumes this reader on another thread, and leaving the method disposed a registration of ours
        // before the cancelling thread had invoked it (about 1 run in 20,000 alone, far more often inside the full
        // test process). That test-only race, not Kestrel, was why the gateway's "client went away" (logged 1 ms after
        // the FIN) sometimes never reached the test.
        try
        {
            while (true)
            {
                WaitingForMore.Release();
                if (!await _items.Reader.WaitToReadAsync(cancellationToken)) break;
                while (_items.Reader.TryRead(out var item))
                {
                    if (item is Exception error) throw error;
                    yield return (ChatStreamUpdate)item;
                }
            }
        }
        finally
        {
            if (cancellationToken.IsCancellationRequested) Cancelled.TrySetResult();
        }
    }

    public override ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
