namespace Sluice.Limits.Counters;

/// <summary>
/// Where limit counters live: in memory (one instance) or in Redis (shared by every instance). Counters are plain
/// integers keyed by rule, bucket and window start, so a window rolls over by its key, not by a reset.
/// </summary>
public interface ILimitCounters
{
    /// <summary>Adds every charge atomically per counter and returns the new totals, in order (one round trip at most).</summary>
    ValueTask<long[]> AddAsync(CounterCharge[] charges);

    /// <summary>Adds without waiting for the totals: settlements and roll-backs, off the request path.</summary>
    void AddInBackground(CounterCharge[] charges);

    /// <summary>The current value of a counter (0 when it does not exist); for the status endpoint.</summary>
    ValueTask<long> ReadAsync(string key);

    /// <summary>
    /// Claims <paramref name="key"/> until <paramref name="expires"/>: false when another instance already holds it, so
    /// something (an alert) happens once across instances. Counters of one process share nothing: always true there.
    /// </summary>
    ValueTask<bool> ClaimAcrossInstancesAsync(string key, DateTimeOffset expires);
}
