using Sluice.Limits.Checking;
using Sluice.Limits.Rules;

namespace Sluice.Gateway.Tests.Limits;

public sealed class LimitPeriodsTests
{
    [Theory]
    [InlineData(LimitPeriod.Minute, "2026-12-05T10:17:00Z", "2026-12-05T10:18:00Z")]
    [InlineData(LimitPeriod.Hour, "2026-12-05T10:00:00Z", "2026-12-05T11:00:00Z")]
    [InlineData(LimitPeriod.Day, "2026-12-05T00:00:00Z", "2026-12-06T00:00:00Z")]
    [InlineData(LimitPeriod.Week, "2026-11-30T00:00:00Z", "2026-12-07T00:00:00Z")]
    [InlineData(LimitPeriod.Month, "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData(LimitPeriod.Quarter, "2026-10-01T00:00:00Z", "2027-01-01T00:00:00Z")]
    public void Start_SaturdayMorningInCet_IsTheUtcBoundary(LimitPeriod period, string start, string end)
    {
        var now = new DateTimeOffset(2026, 12, 5, 11, 17, 42, TimeSpan.FromHours(1));

        var s = LimitPeriods.Start(period, now);

        Assert.Equal((DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture)),
            (s, LimitPeriods.End(period, s)));
    }

    [Theory]
    [InlineData(58.5, "59s")]
    [InlineData(360, "6m0s")]
    [InlineData(0.02, "20ms")]
    [InlineData(7384, "2h3m4s")]
    public void Duration_AsOpenAiWritesIt(double seconds, string expected) =>
        Assert.Equal(expected, LimitHeaders.Duration(TimeSpan.FromSeconds(seconds)));
}
