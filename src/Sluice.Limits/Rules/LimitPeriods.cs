namespace Sluice.Limits.Rules;

/// <summary>UTC window boundaries and the unit names of the manifests (<c>requests_per_minute</c>, <c>cost_per_month</c>).</summary>
public static class LimitPeriods
{
    /// <summary>Micro-dollars per dollar: cost counters are integers.</summary>
    public const long MicrosPerUsd = 1_000_000;

    /// <summary>Every unit a rate limit or budget may name, with what it counts and over which period.</summary>
    public static readonly IReadOnlyDictionary<string, (LimitMetric Metric, LimitPeriod Period)> Units =
        new Dictionary<string, (LimitMetric, LimitPeriod)>(StringComparer.Ordinal)
        {
            ["requests_per_minute"] = (LimitMetric.Requests, LimitPeriod.Minute),
            ["requests_per_hour"] = (LimitMetric.Requests, LimitPeriod.Hour),
            ["requests_per_day"] = (LimitMetric.Requests, LimitPeriod.Day),
            ["tokens_per_minute"] = (LimitMetric.Tokens, LimitPeriod.Minute),
            ["tokens_per_hour"] = (LimitMetric.Tokens, LimitPeriod.Hour),
            ["tokens_per_day"] = (LimitMetric.Tokens, LimitPeriod.Day),
            ["tokens_per_month"] = (LimitMetric.Tokens, LimitPeriod.Month),
            ["cost_per_day"] = (LimitMetric.Cost, LimitPeriod.Day),
            ["cost_per_week"] = (LimitMetric.Cost, LimitPeriod.Week),
            ["cost_per_month"] = (LimitMetric.Cost, LimitPeriod.Month),
            ["cost_per_quarter"] = (LimitMetric.Cost, LimitPeriod.Quarter),
        };

    /// <summary>The start of the window holding <paramref name="now"/>: minute, hour, 00:00 UTC, Monday, the 1st, the quarter's first day.</summary>
    public static DateTimeOffset Start(LimitPeriod period, DateTimeOffset now)
    {
        var t = now.UtcDateTime;
        return period switch
        {
            LimitPeriod.Minute => new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero),
            LimitPeriod.Hour => new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero),
            LimitPeriod.Day => new DateTimeOffset(t.Date, TimeSpan.Zero),
            LimitPeriod.Week => new DateTimeOffset(t.Date.AddDays(-(((int)t.DayOfWeek + 6) % 7)), TimeSpan.Zero),
            LimitPeriod.Month => new DateTimeOffset(t.Year, t.Month, 1, 0, 0, 0, TimeSpan.Zero),
            _ => new DateTimeOffset(t.Year, ((t.Month - 1) / 3 * 3) + 1, 1, 0, 0, 0, TimeSpan.Zero),
        };
    }

    /// <summary>The end (exclusive) of the window that starts at <paramref name="start"/>.</summary>
    public static DateTimeOffset End(LimitPeriod period, DateTimeOffset start) => period switch
    {
        LimitPeriod.Minute => start.AddMinutes(1),
        LimitPeriod.Hour => start.AddHours(1),
        LimitPeriod.Day => start.AddDays(1),
        LimitPeriod.Week => start.AddDays(7),
        LimitPeriod.Month => start.AddMonths(1),
        _ => start.AddMonths(3),
    };
}
