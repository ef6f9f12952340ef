using System.Text.Json.Serialization;

namespace Sluice.Gateway.Manifests;

/// <summary>
/// A private cost (TrueFoundry's "private cost metric"), which replaces the catalogue's public price:
/// <c>cost: {per_1000_tokens: {input, output, cache_read, cache_write}, per_image, per_request}</c> in USD.
/// Every part is optional; a dimension left out costs nothing.
/// </summary>
[TrueFoundryKeys("metric")]
public sealed record ModelCost
{
    [JsonPropertyName("per_1000_tokens")]
    public TokenCost? Per1000Tokens { get; init; }

    /// <summary>USD per generated image.</summary>
    public decimal? PerImage { get; init; }

    /// <summary>USD per successful request, on top of the token and image costs.</summary>
    public decimal? PerRequest { get; init; }
}
