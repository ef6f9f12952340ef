namespace Sluice.Limits.Counters;

/// <summary>An amount to add to one counter; a counter that does not exist yet is created to expire at <paramref name="Expires"/>.</summary>
public readonly record struct CounterCharge(string Key, long Amount, DateTimeOffset Expires);
