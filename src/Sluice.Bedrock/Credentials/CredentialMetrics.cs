using System.Diagnostics.Metrics;

namespace Sluice.Bedrock.Credentials;

/// <summary>
/// The Bedrock provider's own meter: STS AssumeRole refreshes and failures. A plain <see cref="Meter"/> keeps the
/// provider free of the gateway; the host subscribes to it by <see cref="MeterName"/>.
/// </summary>
public static class CredentialMetrics
{
    public const string MeterName = "Sluice.Bedrock";

    /// <summary>Counter of STS AssumeRole calls, by <see cref="OutcomeKey"/> (<c>success</c> or <c>failure</c>).</summary>
    public const string AssumeRoleRefreshes = "sluice.bedrock.assume_role.refreshes";

    public const string OutcomeKey = "outcome";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Refreshes = Meter.CreateCounter<long>(AssumeRoleRefreshes, "{call}",
        "STS AssumeRole calls made to refresh an assumed-role account's credentials, by outcome.");

    internal static void Refreshed(bool succeeded)
    {
        if (Refreshes.Enabled)
        {
            Refreshes.Add(1, new KeyValuePair<string, object?>(OutcomeKey, succeeded ? "success" : "failure"));
        }
    }
}
