using System.Text;

namespace Sluice.Gateway.Tests.Telemetry.Logging;

/// <summary>
/// Stands in for stdout: keeps what was written, counts the writes, lets a test await a text, and can block its
/// writes (a slow pipe) until released.
/// </summary>
internal sealed class CapturedOutput : Stream
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly MemoryStream _bytes = new();
    private readonly ManualResetEventSlim _open;
    private readonly TaskCompletionSource _writeStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _written = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _writes;

    public CapturedOutput(bool blocked = false) => _open = new ManualResetEventSlim(!blocked);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Calls of <see cref="Write(byte[], int, int)"/> so far.</summary>
    public int Writes => Volatile.Read(ref _writes);

    /// <summary>Completes when a write began (and, when blocked, is now waiting).</summary>
    public Task WriteStarted => _writeStarted.Task;

    public string Text
    {
        get
        {
            lock (_bytes) return Encoding.UTF8.GetString(_bytes.GetBuffer(), 0, (int)_bytes.Length);
        }
    }

    /// <summary>Lets blocked writes through.</summary>
    public void Release() => _open.Set();

    /// <summary>Waits (10 s at most) until the text written so far satisfies <paramref name="match"/>.</summary>
    public async Task<string> WaitForAsync(Func<string, bool> match)
    {
        while (true)
        {
            Task written;
            lock (_bytes)
            {
                written = _written.Task;
                var text = Encoding.UTF8.GetString(_bytes.GetBuffer(), 0, (int)_bytes.Length);
                if (match(text)) return text;
            }

            await written.WaitAsync(Timeout);
        }
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        Interlocked.Increment(ref _writes);
        _writeStarted.TrySetResult();
        _open.Wait();
        TaskCompletionSource written;
        lock (_bytes)
        {
            _bytes.Write(buffer, offset, count);
            written = _written;
            _written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        written.SetResult();
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
