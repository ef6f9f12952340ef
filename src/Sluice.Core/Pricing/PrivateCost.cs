namespace Sluice.Core.Pricing;

/// <summary>
/// An account's own cost for a model (TrueFoundry's "private cost metric"), which replaces the public price:
/// USD per 1,000 tokens, per generated image and per successful request. A dimension left out costs nothing.
/// </summary>
public sealed record PrivateCost(
    decimal? InputPer1K = null,
    decimal? OutputPer1K = null,
    decimal? CacheReadPer1K = null,
    decimal? CacheWritePer1K = null,
    decimal? PerImage = null,
    decimal? PerRequest = null);
