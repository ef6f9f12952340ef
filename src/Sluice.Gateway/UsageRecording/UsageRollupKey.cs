using Sluice.Core.Usage;

namespace Sluice.Gateway.UsageRecording;

/// <summary>What a row of <c>usage_hourly</c> sums over: one hour, one caller, model, status and metadata.</summary>
internal readonly record struct UsageRollupKey(
    long HourUnixMs, string Model, string Account, string PrincipalId, string VirtualAccount, string Teams, int Status, string Metadata)
{
    public const long HourMs = 3_600_000;

    public static long HourOf(long unixMs) => unixMs - (((unixMs % HourMs) + HourMs) % HourMs);

    public static UsageRollupKey Of(UsageRecord r) => new(
        HourOf(r.Timestamp.ToUnixTimeMilliseconds()), r.Model, r.Account, r.PrincipalId, r.VirtualAccount ?? "", r.Teams ?? "", r.Status, r.Metadata ?? "");
}
