namespace Sluice.Bench.Load;

/// <summary>Sizes of every phase; <see cref="Quick"/> trades precision for a run of about three minutes.</summary>
public sealed record SuiteSettings
{
    /// <summary>Interleaved measured rounds per figure (the issue asks for at least 5).</summary>
    public int Rounds { get; init; } = 5;

    /// <summary>Arrival rate of the one-concurrent-request latency phase: far below 1/latency, so requests rarely overlap.</summary>
    public double LatencyRate { get; init; } = 200;

    /// <summary>
    /// Requests per target per round in the latency phase: 2,000, so a round's p99 is its 20th-slowest call (with 800 it
    /// was the 8th, and one stall of the machine moved it by a millisecond from round to round).
    /// </summary>
    public int LatencyRequests { get; init; } = 2000;

    /// <summary>Stream arrivals per second in the streaming phase.</summary>
    public double StreamRate { get; init; } = 40;

    /// <summary>Streams per target per round: 600, so a round's time-to-first-token p99 is its 6th-slowest (with 200 it was the 2nd).</summary>
    public int Streams { get; init; } = 600;

    /// <summary>Text chunks per stream.</summary>
    public int StreamChunks { get; init; } = 64;

    /// <summary>Milliseconds between chunks.</summary>
    public int StreamIntervalMs { get; init; } = 20;

    /// <summary>Arrival rate of the CPU-per-request phase.</summary>
    public double CpuRate { get; init; } = 500;

    /// <summary>Requests per gateway per round in the CPU phase (utime+stime tick at 10 ms, so many requests are needed).</summary>
    public int CpuRequests { get; init; } = 2000;

    /// <summary>Rates tried, in order, for the highest rate whose added p99 stays under the bound.</summary>
    public double[] RateSteps { get; init; } = [100, 250, 500, 1000, 1500, 2000, 3000, 4000, 5000];

    /// <summary>Seconds per rate step (1 s since the wrk phases were added, to pay for part of their time).</summary>
    public double RateStepSeconds { get; init; } = 1;

    /// <summary>Added p99 bound for the rate search, ms.</summary>
    public double RateBoundMs { get; init; } = 5;

    /// <summary>Concurrently open streams for the memory figure.</summary>
    public int OpenStreams { get; init; } = 1000;

    /// <summary>Seconds of each one-connection wrk run (closed loop).</summary>
    public double WrkSeconds { get; init; } = 10;

    /// <summary>Seconds of each many-connection wrk run (throughput and CPU per request).</summary>
    public double WrkLoadSeconds { get; init; } = 4;

    /// <summary>Seconds of the wrk warm-up per target (at <see cref="WrkConnections"/>).</summary>
    public double WrkWarmUpSeconds { get; init; } = 2;

    /// <summary>Connections of the throughput and CPU wrk phase (the original measurement: 16).</summary>
    public int WrkConnections { get; init; } = 16;

    /// <summary>Seconds of the machine noise probe, run before the gateway phases once the machine is quiet (kept in the quick profile: it is what explains a noisy p99).</summary>
    public double MachineProbeSeconds { get; init; } = 5;

    /// <summary>The quick profile.</summary>
    public static SuiteSettings Quick { get; } = new()
    {
        Rounds = 3,
        LatencyRequests = 300,
        StreamRate = 20,
        Streams = 30,
        CpuRequests = 1000,
        RateSteps = [100, 500, 1000, 2000, 4000],
        WrkSeconds = 5,
        WrkLoadSeconds = 2,
        WrkWarmUpSeconds = 1,
    };
}
