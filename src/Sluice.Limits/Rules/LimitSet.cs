using Sluice.Core.Configuration;

namespace Sluice.Limits.Rules;

/// <summary>
/// Every rate limit and budget of one snapshot. V1 lists are ordered (the first matching rule decides, usage counts on
/// every matching rule); V2 lists are not (every matching enforced limit must allow).
/// </summary>
public sealed class LimitSet : ILimitRules
{
    public static readonly LimitSet Empty = new();

    public LimitRule[] RateLimitsV1 { get; init; } = [];

    public LimitRule[] BudgetsV1 { get; init; } = [];

    public LimitRule[] RateLimitsV2 { get; init; } = [];

    public LimitRule[] BudgetsV2 { get; init; } = [];

    public bool IsEmpty => RateLimitsV1.Length + BudgetsV1.Length + RateLimitsV2.Length + BudgetsV2.Length == 0;

    /// <summary>True when some rule reads request metadata (a <c>when.metadata</c> or a <c>metadata.KEY</c> bucket).</summary>
    public bool NeedsMetadata { get; init; }
}
