namespace Sluice.Gateway.Manifests;

/// <summary>
/// A V2 <c>tenant-rate-limit-config/model</c>: one named limit with several windows; every matching limit must allow.
/// </summary>
public sealed record RateLimitDocument(string Name) : ManifestDocument(Name)
{
    public override string Type => ManifestTypes.RateLimitV2;

    /// <summary><c>enforce</c> (default) or <c>audit</c>.</summary>
    public string Mode { get; init; } = "enforce";

    public bool? LogRequestBodyOnBlock { get; init; }

    public LimitFilterDocument? When { get; init; }

    /// <summary><c>requests_per_minute|hour|day</c>, <c>tokens_per_minute|hour|day</c> → amount.</summary>
    public IReadOnlyDictionary<string, decimal> Limits { get; init; } = new Dictionary<string, decimal>();

    public AppliesToDocument? AppliesTo { get; init; }
}
