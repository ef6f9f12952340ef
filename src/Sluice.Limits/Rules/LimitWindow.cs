namespace Sluice.Limits.Rules;

/// <summary>One limit of a rule: so many requests, tokens or micro-dollars per period.</summary>
/// <param name="Unit">The manifest's name for it (<c>tokens_per_day</c>), used in errors and the status endpoint.</param>
/// <param name="Limit">Requests, tokens, or micro-dollars for cost.</param>
public sealed record LimitWindow(string Unit, LimitMetric Metric, LimitPeriod Period, long Limit)
{
    /// <summary>A window from a manifest unit and amount (dollars for cost units); null for an unknown unit.</summary>
    public static LimitWindow? From(string unit, decimal amount) =>
        LimitPeriods.Units.TryGetValue(unit, out var u)
            ? new LimitWindow(unit, u.Metric, u.Period, u.Metric == LimitMetric.Cost ? (long)decimal.Round(amount * LimitPeriods.MicrosPerUsd) : (long)amount)
            : null;

    /// <summary>The limit as a manifest writes it (dollars for cost).</summary>
    public decimal Amount => Metric == LimitMetric.Cost ? (decimal)Limit / LimitPeriods.MicrosPerUsd : Limit;
}
