using System.Collections.Concurrent;

namespace Sluice.Limits.Counters;

/// <summary>Counters in this process: lock-free adds on a concurrent dictionary; expired windows are swept now and then.</summary>
public sealed class InMemoryLimitCounters(TimeProvider time) : ILimitCounters
{
    private const int SweepEvery = 4096;
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private int _adds;

    public ValueTask<long[]> AddAsync(CounterCharge[] charges)
    {
        var totals = new long[charges.Length];
        for (var i = 0; i < charges.Length; i++) totals[i] = Add(charges[i]);
        return ValueTask.FromResult(totals);
    }

    public void AddInBackground(CounterCharge[] charges)
    {
        foreach (var c in charges) Add(c);
    }

    public ValueTask<long> ReadAsync(string key) =>
        ValueTask.FromResult(_counters.TryGetValue(key, out var c) && c.Expires > time.GetUtcNow() ? Volatile.Read(ref c.Value) : 0);

    // One instance: the caller's own memory (ThresholdTracker's) is what keeps it once.
    public ValueTask<bool> ClaimAcrossInstancesAsync(string key, DateTimeOffset expires) => ValueTask.FromResult(true);

    /// <summary>Adds one charge and returns the new total.</summary>
    public long Add(in CounterCharge charge)
    {
        if (Interlocked.Increment(ref _adds) % SweepEvery == 0) Sweep();
        var counter = _counters.GetOrAdd(charge.Key, static (_, expires) => new Counter(expires), charge.Expires);
        return charge.Amount == 0 ? Volatile.Read(ref counter.Value) : Interlocked.Add(ref counter.Value, charge.Amount);
    }

    /// <summary>Sets a counter to a known total (Redis' answer), so a fallback starts from what all instances had counted.</summary>
    public void Set(string key, long value, DateTimeOffset expires)
    {
        var counter = _counters.GetOrAdd(key, static (_, e) => new Counter(e), expires);
        Volatile.Write(ref counter.Value, value);
    }

    private void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var (key, counter) in _counters)
        {
            if (counter.Expires <= now) _counters.TryRemove(key, out _);
        }
    }

    private sealed class Counter(DateTimeOffset expires)
    {
        public readonly DateTimeOffset Expires = expires;
        public long Value;
    }
}
