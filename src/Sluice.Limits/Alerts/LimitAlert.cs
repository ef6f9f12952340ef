namespace Sluice.Limits.Alerts;

/// <summary>A threshold crossed: which rule and bucket, which percentage, the use and the limit (dollars for cost).</summary>
public sealed record LimitAlert(string Rule, string Source, string Bucket, int Threshold, decimal Used, decimal Limit, string Unit,
    DateTimeOffset PeriodEnd, DateTimeOffset At, IReadOnlyList<Rules.AlertTarget> Targets);
