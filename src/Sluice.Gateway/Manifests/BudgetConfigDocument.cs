namespace Sluice.Gateway.Manifests;

/// <summary>
/// The V1 tenant-wide <c>gateway-budget-config</c>: ordered rules; cost counts on every matching rule and the first
/// matching rule decides.
/// </summary>
public sealed record BudgetConfigDocument(string Name) : ManifestDocument(Name)
{
    public override string Type => ManifestTypes.BudgetConfig;

    public IReadOnlyList<BudgetRuleDocument> Rules { get; init; } = [];
}
