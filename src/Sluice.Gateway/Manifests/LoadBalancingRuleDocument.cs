namespace Sluice.Gateway.Manifests;

/// <summary>One rule of a <c>gateway-load-balancing-config</c>: an id, a <c>when</c> block, a strategy and its targets.</summary>
public sealed record LoadBalancingRuleDocument(string Id)
{
    public string Type { get; init; } = "";

    public RuleWhenDocument? When { get; init; }

    public IReadOnlyList<LoadBalanceTargetDocument> LoadBalanceTargets { get; init; } = [];

    public StickyRoutingDocument? StickyRouting { get; init; }

    /// <summary>The rule's strategy and targets in the shape a virtual model's <c>routing_config</c> has.</summary>
    public RoutingConfigDocument AsRouting() => new(Type) { LoadBalanceTargets = LoadBalanceTargets, StickyRouting = StickyRouting };
}
