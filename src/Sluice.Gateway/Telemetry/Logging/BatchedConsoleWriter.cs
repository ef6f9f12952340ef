using Microsoft.Extensions.Logging;

namespace Sluice.Gateway.Telemetry.Logging;

/// <summary>
/// The shared output buffer of the console logger and its one writer thread. Callers append whole records under a
/// short lock and wake nobody; the thread writes everything buffered in one call every interval, at once for a
/// Warning or above or a full buffer, and on dispose or process exit.
/// </summary>
internal sealed class BatchedConsoleWriter : IDisposable
{
    private const int InitialBytes = 16 * 1024;
    private const int KeptBatches = 16;

    // Dispose and process exit give a blocked stdout this long before giving up on it (Microsoft's logger waits 1.5 s).
    private static readonly TimeSpan ExitWait = TimeSpan.FromMilliseconds(1500);

    private static long _totalDropped;

    private readonly Stream _sink;
    private readonly TimeSpan _interval;
    private readonly int _flushBytes;
    private readonly int _maxBytes;
    private readonly object _gate = new(); // the pending buffer
    private readonly object _writeGate = new(); // one write to the sink at a time, in order
    private readonly ManualResetEventSlim _wake = new(false, spinCount: 1);
    private readonly Thread _thread;

    private byte[] _pending = new byte[InitialBytes];
    private int _pendingLength;
    private byte[] _spare = new byte[InitialBytes]; // touched only under _writeGate
    private bool _wakeRequested;
    private long _dropped;
    private volatile bool _stopping;

    public BatchedConsoleWriter(Stream sink, BatchedConsoleOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.FlushInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.FlushBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBufferedBytes, options.FlushBytes);
        _sink = sink;
        _interval = options.FlushInterval;
        _flushBytes = options.FlushBytes;
        _maxBytes = options.MaxBufferedBytes;
        _thread = new Thread(Run) { IsBackground = true, Name = "Sluice console log" };
        _thread.Start();
        // A process that ends without disposing its host (an unhandled exception, Environment.Exit) still prints.
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>Records below Warning dropped in this process because stdout did not keep up (all writers).</summary>
    public static long TotalDropped => Interlocked.Read(ref _totalDropped);

    /// <summary>Records this writer dropped because stdout did not keep up.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Buffers one formatted record (whole lines, already encoded); false when it was dropped. Never waits for stdout:
    /// only after dispose, when no thread is left to write, does the caller write itself.
    /// </summary>
    public bool Append(ReadOnlySpan<byte> record, LogLevel level)
    {
        bool wake;
        lock (_gate)
        {
            var length = _pendingLength + record.Length;
            if (length > _maxBytes && level < LogLevel.Warning)
            {
                // Warnings and errors are rare and say what went wrong: they are kept even over the cap.
                _dropped++;
                Interlocked.Increment(ref _totalDropped);
                return false;
            }

            if (length > _pending.Length) Grow(length);
            record.CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength = length;
            wake = !_wakeRequested && (level >= LogLevel.Warning || length >= _flushBytes || _interval == TimeSpan.Zero);
            _wakeRequested |= wake;
        }

        if (_stopping) Flush(ExitWait);
        else if (wake) _wake.Set();
        return true;
    }

    /// <summary>Stops the thread after it has written everything buffered (waiting at most 1.5 s for a blocked stdout).</summary>
    public void Dispose()
    {
        if (_stopping) return;
        _stopping = true;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        _wake.Set();
        if (!_thread.Join(ExitWait)) return; // stdout is blocked: the thread stays stuck in its write, the process goes on
        Flush(ExitWait); // a record appended while the thread was ending
    }

    private void Run()
    {
        var wait = _interval == TimeSpan.Zero ? Timeout.InfiniteTimeSpan : _interval;
        while (!_stopping)
        {
            _wake.Wait(wait);
            // Reset before taking the batch: a record appended after this point either is in the batch or sets the
            // event again, so no wake-up is lost.
            _wake.Reset();
            Flush(Timeout.InfiniteTimeSpan);
        }

        Flush(Timeout.InfiniteTimeSpan);
    }

    private void Flush(TimeSpan wait)
    {
        if (!Monitor.TryEnter(_writeGate, wait)) return;
        try
        {
            byte[] batch;
            int length;
            lock (_gate)
            {
                batch = _pending;
                length = _pendingLength;
                _pending = _spare;
                _pendingLength = 0;
                _wakeRequested = false;
            }

            try
            {
                if (length > 0)
                {
                    _sink.Write(batch, 0, length);
                    _sink.Flush();
                }
            }
            catch (IOException)
            {
                // stdout closed or broken: there is nobody to tell, and the gateway must go on serving.
            }
            catch (ObjectDisposedException)
            {
            }
            finally
            {
                // A big buffer is kept while batches fill it (no large-object churn under a steady load) and given
                // back once they no longer do: a past burst does not hold its size for the life of the process.
                _spare = batch.Length > KeptBatches * _flushBytes && length < batch.Length / 8 ? new byte[2 * _flushBytes] : batch;
            }
        }
        finally
        {
            Monitor.Exit(_writeGate);
        }
    }

    private void Grow(int length)
    {
        var bigger = new byte[Math.Max(length, Math.Min(_pending.Length * 2, Math.Max(_maxBytes, length)))];
        _pending.AsSpan(0, _pendingLength).CopyTo(bigger);
        _pending = bigger;
    }

    private void OnProcessExit(object? sender, EventArgs e) => Flush(ExitWait);
}
