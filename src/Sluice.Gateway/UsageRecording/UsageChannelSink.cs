using System.Threading.Channels;
using Sluice.Core.Usage;

namespace Sluice.Gateway.UsageRecording;

/// <summary>
/// The request path's usage sink: a large bounded channel that never blocks. It is also the buffer that carries
/// records through a database outage (the writer retries); when it is full the oldest records are dropped and
/// counted, so a slow or absent database costs accounting, never latency.
/// </summary>
public sealed class UsageChannelSink : IUsageSink
{
    private readonly Channel<UsageRecord> _channel;
    private readonly TaskCompletionSource _closing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _dropped;

    public UsageChannelSink(int capacity = 100_000)
    {
        _channel = Channel.CreateBounded<UsageRecord>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    /// <summary>Records lost: dropped because the channel was full, or refused by the database (see the log).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Records waiting for the writer.</summary>
    public int Pending => _channel.Reader.Count;

    internal ChannelReader<UsageRecord> Reader => _channel.Reader;

    /// <summary>Completes once <see cref="Complete"/> was called (the channel's own completion waits for the drain).</summary>
    internal Task Closing => _closing.Task;

    public void Record(UsageRecord record) => _channel.Writer.TryWrite(record);

    /// <summary>Counts records the writer gave up on (the database refused them, or it stayed away at shutdown).</summary>
    internal void CountLost(int records) => Interlocked.Add(ref _dropped, records);

    /// <summary>Stops accepting records; the writer drains what is left.</summary>
    internal void Complete()
    {
        _channel.Writer.TryComplete();
        _closing.TrySetResult();
    }
}
