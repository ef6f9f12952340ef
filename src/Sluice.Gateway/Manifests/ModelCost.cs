namespace Sluice.Gateway.Manifests;

/// <summary>A private cost in USD per 1000 tokens; replaces the catalogue's public price.</summary>
[ManifestEnvelope("per_1000_tokens", AlsoAccepted = ["metric"])]
public sealed record ModelCost(decimal Input, decimal Output, decimal CacheRead, decimal CacheWrite);
