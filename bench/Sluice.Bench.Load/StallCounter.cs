namespace Sluice.Bench.Load;

/// <summary>
/// What a thread spinning on the clock saw: the share of its time lost in gaps of at least 20 µs between two clock
/// reads, how many gaps per second reached 0.5, 1 and 5 ms, and the longest one.
/// </summary>
public sealed class StallCounter
{
    /// <summary>The smallest gap counted as a stall: two clock reads in a loop are ~30 ns apart, so 20 µs is the thread not running.</summary>
    public const double StallMicroseconds = 20;

    private readonly long _frequency;
    private readonly long _halfMs;
    private readonly long _oneMs;
    private readonly long _fiveMs;
    private long _lost;
    private long _overHalfMs;
    private long _overOneMs;
    private long _overFiveMs;
    private long _longest;
    private long _span;
    private long _preemptions = -1;

    /// <summary>Creates an empty counter for timestamps of <paramref name="ticksPerSecond"/> (<c>Stopwatch.Frequency</c>).</summary>
    public StallCounter(long ticksPerSecond)
    {
        _frequency = ticksPerSecond;
        ThresholdTicks = Ticks(StallMicroseconds / 1000);
        _halfMs = Ticks(0.5);
        _oneMs = Ticks(1);
        _fiveMs = Ticks(5);
    }

    /// <summary>The CPU the spinning thread was pinned to, or -1 when it was not pinned.</summary>
    public int Cpu { get; init; } = -1;

    /// <summary>Gaps shorter than this many ticks are not stalls; the spinning loop calls <see cref="Add"/> only from here up.</summary>
    public long ThresholdTicks { get; }

    /// <summary>Seconds the thread spun (first clock read to last).</summary>
    public double Seconds => _span / (double)_frequency;

    /// <summary>Share of the spinning time lost in stalls, percent (NaN before <see cref="Close"/>).</summary>
    public double LostPercent => _span > 0 ? 100.0 * _lost / _span : double.NaN;

    /// <summary>Stalls of at least 0.5 ms per second of spinning.</summary>
    public double PerSecondOverHalfMs => PerSecond(_overHalfMs);

    /// <summary>Stalls of at least 1 ms per second of spinning.</summary>
    public double PerSecondOverOneMs => PerSecond(_overOneMs);

    /// <summary>Stalls of at least 5 ms per second of spinning.</summary>
    public double PerSecondOverFiveMs => PerSecond(_overFiveMs);

    /// <summary>
    /// Times per second the scheduler took the CPU from the thread for another task (its involuntary context switches;
    /// NaN when unknown). Stalls without them are interrupts or the host not running the vCPU.
    /// </summary>
    public double PreemptionsPerSecond => _preemptions >= 0 ? PerSecond(_preemptions) : double.NaN;

    /// <summary>The longest gap between two clock reads, ms (0 when there was no stall).</summary>
    public double LongestMs => _longest * 1000.0 / _frequency;

    /// <summary>Records the gap between two consecutive clock reads, in ticks; gaps under <see cref="ThresholdTicks"/> are ignored.</summary>
    public void Add(long gapTicks)
    {
        if (gapTicks < ThresholdTicks)
        {
            return;
        }

        _lost += gapTicks;
        _overHalfMs += gapTicks >= _halfMs ? 1 : 0;
        _overOneMs += gapTicks >= _oneMs ? 1 : 0;
        _overFiveMs += gapTicks >= _fiveMs ? 1 : 0;
        _longest = Math.Max(_longest, gapTicks);
    }

    /// <summary>
    /// Sets the whole spinning time, in ticks (stalls included), that the shares and rates are taken over, and the
    /// thread's involuntary context switches during it (-1 when unknown).
    /// </summary>
    public void Close(long spanTicks, long preemptions)
    {
        _span = spanTicks;
        _preemptions = preemptions;
    }

    private double PerSecond(long count) => _span > 0 ? count / Seconds : double.NaN;

    private long Ticks(double milliseconds) => (long)Math.Ceiling(milliseconds * _frequency / 1000);
}
