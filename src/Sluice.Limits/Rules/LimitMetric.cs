namespace Sluice.Limits.Rules;

/// <summary>What a window counts.</summary>
public enum LimitMetric
{
    Requests,
    Tokens,

    /// <summary>Spend in micro-dollars (USD × 1,000,000), so counters stay integers (Redis <c>INCRBY</c>).</summary>
    Cost,
}
