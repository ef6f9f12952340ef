using Sluice.Gateway.UsageReports;
using Segment = Sluice.Gateway.UsageReports.UsageSummaryPlan.Segment;

namespace Sluice.Gateway.Tests.UsageRecording;

public sealed class UsageSummaryPlanTests
{
    private const long Hour = 3_600_000;
    private const long Day = 86_400_000;
    private static readonly long Midnight = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public void Of_WindowAcrossDays_DaysInsideHoursBesideRecordsAtEdges()
    {
        var from = Midnight - (90 * 60_000);        // 11-29 22:30
        var to = Midnight + Day + (90 * 60_000);    // 12-01 01:30

        var plan = UsageSummaryPlan.Of(from, to, useDays: true);

        Assert.Equal(
            new[] { new Segment(0, from, Midnight - Hour), new Segment(0, Midnight + Day + Hour, to), new Segment(Day, Midnight, Midnight + Day),
                new Segment(Hour, Midnight - Hour, Midnight), new Segment(Hour, Midnight + Day, Midnight + Day + Hour) },
            plan);
    }

    [Fact]
    public void Of_GroupingByHour_UsesNoDays()
    {
        var plan = UsageSummaryPlan.Of(Midnight, Midnight + (2 * Day), useDays: false);

        Assert.Equal([new Segment(Hour, Midnight, Midnight + (2 * Day))], plan);
    }

    [Fact]
    public void Of_WithinOneHour_RecordsOnly()
    {
        var plan = UsageSummaryPlan.Of(Midnight + 60_000, Midnight + 120_000, useDays: true);

        Assert.Equal([new Segment(0, Midnight + 60_000, Midnight + 120_000)], plan);
    }

    [Fact]
    public void Of_NoWindow_AllDays()
    {
        var plan = UsageSummaryPlan.Of(null, null, useDays: true);

        Assert.Equal([new Segment(Day, long.MinValue, long.MaxValue)], plan);
    }
}
