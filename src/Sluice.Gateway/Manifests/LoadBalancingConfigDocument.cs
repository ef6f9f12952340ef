namespace Sluice.Gateway.Manifests;

/// <summary>
/// The legacy tenant-wide <c>gateway-load-balancing-config</c>: ordered rules, the first whose <c>when</c> matches
/// the model name a caller sent routes the call over its targets (the same engine as virtual models).
/// </summary>
public sealed record LoadBalancingConfigDocument(string Name) : ManifestDocument(Name)
{
    public override string Type => ManifestTypes.LoadBalancingConfig;

    public IReadOnlyList<LoadBalancingRuleDocument> Rules { get; init; } = [];
}
