namespace Sluice.Gateway.Manifests;

/// <summary>
/// The V1 tenant-wide <c>gateway-rate-limiting-config</c>: ordered rules; usage counts on every matching rule and the
/// first matching rule decides.
/// </summary>
public sealed record RateLimitingConfigDocument(string Name) : ManifestDocument(Name)
{
    public override string Type => ManifestTypes.RateLimitingConfig;

    public IReadOnlyList<RateLimitRuleDocument> Rules { get; init; } = [];
}
