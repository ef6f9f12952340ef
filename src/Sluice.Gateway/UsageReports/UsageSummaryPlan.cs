using Sluice.Gateway.UsageRecording;

namespace Sluice.Gateway.UsageReports;

/// <summary>
/// Splits a summary's window [from, to) into the cheapest exact sources: whole days from the daily rollups, whole hours
/// from the hourly ones, and the minutes at either edge from the records themselves.
/// </summary>
internal static class UsageSummaryPlan
{
    /// <summary>PeriodMs 0 means "the records".</summary>
    public readonly record struct Segment(long PeriodMs, long From, long To);

    /// <summary>The segments covering [from, to) (open ends when null); no days when <paramref name="useDays"/> is false (grouping by hour).</summary>
    public static List<Segment> Of(long? from, long? to, bool useDays)
    {
        const long Hour = UsageRollupKey.HourMs;
        const long Day = UsageRollupKey.DayMs;
        var segments = new List<Segment>();
        var hourFrom = from is { } f ? UsageRollupKey.Ceiling(f, Hour) : long.MinValue;
        var hourTo = to is { } t ? UsageRollupKey.Floor(t, Hour) : long.MaxValue;
        if (hourFrom >= hourTo)
        {
            // Within one hour (or across one hour boundary): only records.
            segments.Add(new(0, from!.Value, to!.Value));
            return segments;
        }

        if (from is { } f2 && f2 < hourFrom) segments.Add(new(0, f2, hourFrom));
        if (to is { } t2 && hourTo < t2) segments.Add(new(0, hourTo, t2));
        var dayFrom = from is { } f3 ? UsageRollupKey.Ceiling(f3, Day) : long.MinValue;
        var dayTo = to is { } t3 ? UsageRollupKey.Floor(t3, Day) : long.MaxValue;
        if (!useDays || dayFrom >= dayTo)
        {
            segments.Add(new(Hour, hourFrom, hourTo));
            return segments;
        }

        segments.Add(new(Day, dayFrom, dayTo));
        if (hourFrom < dayFrom) segments.Add(new(Hour, hourFrom, dayFrom));
        if (dayTo < hourTo) segments.Add(new(Hour, dayTo, hourTo));
        return segments;
    }
}
