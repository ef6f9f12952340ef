namespace Sluice.Gateway.Manifests;

/// <summary>A virtual model's <c>routing_config</c>: the strategy, its targets and (weight-based only) sticky routing.</summary>
public sealed record RoutingConfigDocument(string Type)
{
    public IReadOnlyList<LoadBalanceTargetDocument> LoadBalanceTargets { get; init; } = [];

    public StickyRoutingDocument? StickyRouting { get; init; }
}
