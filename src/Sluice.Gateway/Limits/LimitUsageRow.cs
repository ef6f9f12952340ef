using Sluice.Limits.Rules;

namespace Sluice.Gateway.Limits;

/// <summary>One rule or budget in one bucket, with the use of each of its windows as the counters hold it now.</summary>
/// <param name="Tag">The rule list it came from (<c>r1</c>, <c>b1</c>, <c>r2</c>, <c>b2</c>): V1 or V2, rate limit or budget.</param>
internal sealed record LimitUsageRow(string Tag, LimitRule Rule, string Bucket, List<(LimitWindow Window, long Used, DateTimeOffset Reset)> Windows);
