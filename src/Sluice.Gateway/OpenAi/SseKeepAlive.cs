using System.Buffers;
using System.IO.Pipelines;

namespace Sluice.Gateway.OpenAi;

/// <summary>
/// Writes an SSE comment (<c>: keep-alive</c>) into a stream that has been silent for the interval, so proxies and
/// clients with idle timeouts keep the connection while the model thinks.
/// </summary>
/// <remarks>
/// One timer per stream and no work per chunk beyond an uncontended lock and a timestamp: the timer is not reset on
/// every write; when it fires it looks at the time of the last write and sleeps again for the rest of the interval.
/// The keep-alive is written from the timer's thread, so the handler brackets each of its own writes with
/// <see cref="EnterAsync"/> and <see cref="Exit"/> and the two never touch the response writer at once.
/// </remarks>
internal sealed class SseKeepAlive : IAsyncDisposable
{
    private static readonly byte[] Comment = ": keep-alive\n\n"u8.ToArray();

    private readonly byte[] _message;
    private readonly object _gate = new();
    private readonly PipeWriter _writer;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly CancellationToken _aborted;
    private readonly ITimer? _timer;
    private long _lastWrite;
    private bool _writing;
    private bool _stopped;
    private Task _sending = Task.CompletedTask;

    /// <param name="interval">Zero or less: never send keep-alives (no timer).</param>
    /// <param name="message">What to send instead of the comment (Anthropic's streams send a <c>ping</c> event).</param>
    public SseKeepAlive(PipeWriter writer, TimeProvider time, TimeSpan interval, CancellationToken aborted, byte[]? message = null)
    {
        _message = message ?? Comment;
        _writer = writer;
        _time = time;
        _interval = interval;
        _aborted = aborted;
        _lastWrite = time.GetTimestamp();
        if (interval > TimeSpan.Zero)
        {
            _timer = time.CreateTimer(static state => ((SseKeepAlive)state!).OnTimer(), this, interval, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Call before writing to the response; waits only while a keep-alive is being flushed.</summary>
    public ValueTask EnterAsync()
    {
        if (_timer is null) return ValueTask.CompletedTask;
        lock (_gate)
        {
            if (_sending.IsCompleted)
            {
                _writing = true;
                return ValueTask.CompletedTask;
            }
        }

        return WaitThenEnterAsync();
    }

    /// <summary>Call after the write was flushed: the silence is measured from here.</summary>
    public void Exit()
    {
        if (_timer is null) return;
        lock (_gate)
        {
            _writing = false;
            _lastWrite = _time.GetTimestamp();
        }
    }

    /// <summary>No keep-alive after this; waits for one being written, so the caller owns the writer afterwards.</summary>
    public async ValueTask StopAsync()
    {
        if (_timer is null) return;
        Task sending;
        lock (_gate)
        {
            _stopped = true;
            sending = _sending;
        }

        await _timer.DisposeAsync();
        await sending;
    }

    public ValueTask DisposeAsync() => StopAsync();

    private async ValueTask WaitThenEnterAsync()
    {
        while (true)
        {
            Task sending;
            lock (_gate)
            {
                if (_sending.IsCompleted)
                {
                    _writing = true;
                    return;
                }

                sending = _sending;
            }

            await sending;
        }
    }

    private void OnTimer()
    {
        TaskCompletionSource done;
        lock (_gate)
        {
            if (_stopped) return;
            var silent = _time.GetElapsedTime(_lastWrite);
            if (_writing || silent < _interval)
            {
                // Something was written meanwhile: sleep until the interval has passed since then.
                _timer!.Change(_writing ? _interval : _interval - silent, Timeout.InfiniteTimeSpan);
                return;
            }

            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _sending = done.Task;
        }

        _ = SendAsync(done);
    }

    private async Task SendAsync(TaskCompletionSource done)
    {
        try
        {
            _writer.Write(_message);
            await _writer.FlushAsync(_aborted);
        }
        catch (Exception)
        {
            // The client is gone or the response failed: the handler's own read or write notices and reports it.
            // Nothing to do here, and an exception left on this fire-and-forget task would go unobserved.
        }
        finally
        {
            lock (_gate)
            {
                _lastWrite = _time.GetTimestamp();
                if (!_stopped) _timer!.Change(_interval, Timeout.InfiniteTimeSpan);
            }

            done.SetResult();
        }
    }
}
