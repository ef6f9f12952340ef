namespace Sluice.Core.Pricing;

/// <summary>A call's cost in USD (null = unknown, never 0 for "no price") and the scope that priced it.</summary>
public readonly record struct PricedCost(decimal? Usd, string? Scope);
