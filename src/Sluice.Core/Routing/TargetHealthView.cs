namespace Sluice.Core.Routing;

/// <summary>
/// A target's passive health at one moment: cooling down or not (and for how long still), the failures counted
/// towards the next cool-down, every counted failure since the process started, and the latest one.
/// </summary>
public sealed record TargetHealthView(
    bool Healthy,
    TimeSpan CoolDownRemaining,
    int FailuresInWindow,
    long TotalFailures,
    TimeSpan? LastFailureAgo,
    int? LastFailureStatus);
