namespace Sluice.Gateway.Manifests;

/// <summary>
/// A V2 <c>tenant-budget-config</c> or <c>team-budget-config</c>: one named budget with several periods; every
/// matching budget must allow. A team budget covers its team's members only.
/// </summary>
public sealed record BudgetDocument(string Name, [property: System.Text.Json.Serialization.JsonIgnore] string DocumentType) : ManifestDocument(Name)
{
    public override string Type => DocumentType;

    /// <summary>Required for <c>team-budget-config</c>: the team it covers.</summary>
    public string? TeamName { get; init; }

    public string Mode { get; init; } = "enforce";

    public LimitFilterDocument? When { get; init; }

    /// <summary><c>cost_per_day|week|month|quarter</c> (dollars) → amount.</summary>
    public IReadOnlyDictionary<string, decimal> Limits { get; init; } = new Dictionary<string, decimal>();

    public AppliesToDocument? AppliesTo { get; init; }

    public BudgetAlertsDocument? Alerts { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsTeamBudget => DocumentType == ManifestTypes.TeamBudget;
}
