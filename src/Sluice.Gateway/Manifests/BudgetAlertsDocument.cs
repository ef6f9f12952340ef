namespace Sluice.Gateway.Manifests;

/// <summary>The <c>alerts</c> of a budget: percentages of the limit that notify, and where.</summary>
public sealed record BudgetAlertsDocument
{
    /// <summary>Default (when <c>alerts</c> is given without them): 75, 90, 95, 100.</summary>
    public IReadOnlyList<decimal>? Thresholds { get; init; }

    public IReadOnlyList<NotificationTargetDocument>? NotificationTarget { get; init; }

    /// <summary><c>shared</c> or <c>breaching-user</c> (TrueFoundry's SDK); accepted, alerts go to the targets either way.</summary>
    public string? SendTo { get; init; }
}
