namespace Sluice.Core.Routing;

/// <summary>
/// Time per output token and time to first token of one target over its last <see cref="MaxSamples"/> calls within
/// <see cref="Horizon"/>; judged only from <see cref="MinSamples"/> calls on. Reads are lock-free.
/// </summary>
public sealed class TargetLatency(TimeProvider time)
{
    public const int MaxSamples = 100;
    public const int MinSamples = 3;
    public static readonly TimeSpan Horizon = TimeSpan.FromMinutes(20);

    private readonly Ring _tpot = new();
    private readonly Ring _ttft = new();

    /// <summary>Mean milliseconds per output token, or null while there are too few recent samples.</summary>
    public double? TimePerOutputTokenMs(long now) => _tpot.Mean(time, now);

    /// <summary>Mean milliseconds to the first streamed content, or null while there are too few recent samples.</summary>
    public double? TimeToFirstTokenMs(long now) => _ttft.Mean(time, now);

    /// <summary>Records one successful call: its whole duration and output tokens (at least 1 is assumed).</summary>
    public void RecordCall(TimeSpan duration, int outputTokens) =>
        _tpot.Add(time, duration.TotalMilliseconds / Math.Max(1, outputTokens));

    public void RecordFirstToken(TimeSpan elapsed) => _ttft.Add(time, elapsed.TotalMilliseconds);

    private sealed class Ring
    {
        private readonly double[] _values = new double[MaxSamples];
        private readonly long[] _at = new long[MaxSamples];
        private int _next;
        private int _count;
        private double _sum;

        // Published together for lock-free readers; a torn read only mixes two consecutive means.
        private double _mean;
        private int _published;
        private long _newest;

        public void Add(TimeProvider time, double value)
        {
            var now = time.GetTimestamp();
            lock (_values)
            {
                // Samples older than the horizon leave first, so a target that was slow long ago is judged afresh.
                while (_count > 0)
                {
                    var oldest = (_next - _count + MaxSamples) % MaxSamples;
                    if (time.GetElapsedTime(_at[oldest], now) <= Horizon && _count < MaxSamples) break;
                    _sum -= _values[oldest];
                    _count--;
                }

                _values[_next] = value;
                _at[_next] = now;
                _next = (_next + 1) % MaxSamples;
                _count++;
                _sum += value;
                Volatile.Write(ref _mean, _sum / _count);
                Volatile.Write(ref _newest, now);
                Volatile.Write(ref _published, _count);
            }
        }

        public double? Mean(TimeProvider time, long now)
        {
            if (Volatile.Read(ref _published) < MinSamples) return null;
            return time.GetElapsedTime(Volatile.Read(ref _newest), now) > Horizon ? null : Volatile.Read(ref _mean);
        }
    }
}
