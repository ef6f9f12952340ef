namespace Sluice.Limits.Rules;

/// <summary>The length of a window; every window starts at a UTC boundary (see <see cref="LimitPeriods"/>).</summary>
public enum LimitPeriod
{
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
}
