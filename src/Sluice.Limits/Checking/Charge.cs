using Sluice.Limits.Rules;

namespace Sluice.Limits.Checking;

/// <summary>One window of one matching rule, as a call charges it.</summary>
/// <param name="Decides">True when this window may refuse the call (an enforced rule that decides); false: counted only.</param>
public sealed record Charge(LimitRule Rule, LimitWindow Window, string Bucket, string Key, long Amount, bool Decides,
    DateTimeOffset WindowStart, DateTimeOffset WindowEnd);
