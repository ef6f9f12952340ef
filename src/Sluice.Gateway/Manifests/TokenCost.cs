namespace Sluice.Gateway.Manifests;

/// <summary>A private cost in USD per 1000 tokens of each kind; a kind left out costs nothing.</summary>
public sealed record TokenCost(decimal Input, decimal Output, decimal CacheRead, decimal CacheWrite);
