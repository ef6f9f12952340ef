namespace Sluice.Bench.Load;

/// <summary>What one wrk run measured: completed requests, exact p50/p99 (ms), errors and CPU per request (µs).</summary>
public sealed record WrkResult(long Requests, double Seconds, double P50Ms, double P99Ms, int Errors, string? FirstError, double CpuPerRequestUs)
{
    /// <summary>Requests per second over the run.</summary>
    public double RequestsPerSecond => Seconds > 0 ? Requests / Seconds : double.NaN;

    /// <summary>A run that produced no figures (wrk failed to start or to report).</summary>
    public static WrkResult Failed(string message) => new(0, 0, double.NaN, double.NaN, 1, message, double.NaN);
}
