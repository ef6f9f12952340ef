namespace Sluice.Core.Routing;

/// <summary>How a virtual model chooses among its targets (<c>routing_config.type</c>).</summary>
public enum RoutingStrategyKind
{
    /// <summary><c>weight-based-routing</c>: random, proportional to <c>weight</c>.</summary>
    Weight,

    /// <summary><c>priority-based-routing</c>: the lowest <c>priority</c> number first.</summary>
    Priority,

    /// <summary><c>latency-based-routing</c>: the targets with the lowest time per output token.</summary>
    Latency,
}
