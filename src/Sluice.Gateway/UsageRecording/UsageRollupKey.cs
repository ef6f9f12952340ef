using Sluice.Core.Usage;

namespace Sluice.Gateway.UsageRecording;

/// <summary>What a row of <c>usage_rollups</c> sums over: one period (hour or day), caller, model, status and metadata.</summary>
internal readonly record struct UsageRollupKey(
    long PeriodMs, long StartUnixMs, string Model, string Account, string PrincipalId, string VirtualAccount, string Teams, int Status, string Metadata)
{
    public const long HourMs = 3_600_000;
    public const long DayMs = 86_400_000;

    /// <summary>The periods every record is summed into.</summary>
    public static readonly long[] Periods = [HourMs, DayMs];

    public static long Floor(long unixMs, long periodMs) => unixMs - (((unixMs % periodMs) + periodMs) % periodMs);

    public static long Ceiling(long unixMs, long periodMs)
    {
        var floor = Floor(unixMs, periodMs);
        return floor == unixMs ? unixMs : floor + periodMs;
    }

    public static UsageRollupKey Of(UsageRecord r, long periodMs) => new(
        periodMs, Floor(r.Timestamp.ToUnixTimeMilliseconds(), periodMs), r.Model, r.Account, r.PrincipalId, r.VirtualAccount ?? "", r.Teams ?? "",
        r.Status, r.Metadata ?? "");
}
