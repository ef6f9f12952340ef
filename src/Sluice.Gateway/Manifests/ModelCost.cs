namespace Sluice.Gateway.Manifests;

/// <summary>A private cost in USD per 1000 tokens; replaces the catalogue's public price.</summary>
public sealed record ModelCost(decimal Input, decimal Output, decimal CacheRead, decimal CacheWrite);
