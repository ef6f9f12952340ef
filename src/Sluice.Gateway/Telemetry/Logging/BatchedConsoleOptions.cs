namespace Sluice.Gateway.Telemetry.Logging;

/// <summary>How the console logger batches its output: when it writes and how much it may hold.</summary>
public sealed record BatchedConsoleOptions
{
    /// <summary>The default <see cref="FlushInterval"/>: short enough to read logs live, long enough to batch a burst.</summary>
    public static readonly TimeSpan DefaultFlushInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How often buffered lines are written to stdout; <see cref="TimeSpan.Zero"/> writes each record as it comes (one
    /// wake-up of the writer thread per record, as Microsoft's console logger does).
    /// </summary>
    public TimeSpan FlushInterval { get; init; } = DefaultFlushInterval;

    /// <summary>Buffered bytes that make the writer write at once instead of waiting for the interval.</summary>
    public int FlushBytes { get; init; } = 64 * 1024;

    /// <summary>
    /// Buffered bytes past which records below Warning are dropped (and counted) rather than held: stdout is blocked
    /// (a slow pipe, a stopped terminal) and the gateway must neither wait for it nor grow without end.
    /// </summary>
    public int MaxBufferedBytes { get; init; } = 8 * 1024 * 1024;
}
