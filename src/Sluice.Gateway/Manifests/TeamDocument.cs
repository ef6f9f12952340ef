namespace Sluice.Gateway.Manifests;

/// <summary>A <c>team</c> document with its members' and managers' emails.</summary>
public sealed record TeamDocument(string Name, IReadOnlyList<string> Members) : ManifestDocument(Name)
{
    public override string Type => ManifestTypes.Team;

    /// <summary>TrueFoundry's <c>managers</c>: users who manage the team's budgets (<c>team-budget-config</c>); they need not be members.</summary>
    public IReadOnlyList<string> Managers { get; init; } = [];
}
