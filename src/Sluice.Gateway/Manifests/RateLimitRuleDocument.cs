namespace Sluice.Gateway.Manifests;

/// <summary>One rule of a <c>gateway-rate-limiting-config</c>: so many requests or tokens per minute, hour or day.</summary>
public sealed record RateLimitRuleDocument(string Id)
{
    public ClassicWhenDocument? When { get; init; }

    public decimal LimitTo { get; init; }

    /// <summary><c>requests_per_minute|hour|day</c> or <c>tokens_per_minute|hour|day</c>.</summary>
    public string Unit { get; init; } = "";

    /// <summary>Up to two of <c>user</c>, <c>virtualaccount</c>, <c>model</c>, <c>metadata.KEY</c>; none: one shared bucket.</summary>
    public IReadOnlyList<string>? RateLimitAppliesPer { get; init; }
}
