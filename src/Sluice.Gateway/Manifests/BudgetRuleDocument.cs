namespace Sluice.Gateway.Manifests;

/// <summary>One rule of a <c>gateway-budget-config</c>: dollars (or tokens) per day, week, month or quarter.</summary>
public sealed record BudgetRuleDocument(string Id)
{
    public ClassicWhenDocument? When { get; init; }

    public decimal LimitTo { get; init; }

    /// <summary><c>cost_per_day|week|month|quarter</c> or <c>tokens_per_day|month</c>.</summary>
    public string Unit { get; init; } = "";

    public IReadOnlyList<string>? BudgetAppliesPer { get; init; }

    public BudgetAlertsDocument? Alerts { get; init; }

    /// <summary>True: track and alert, never refuse.</summary>
    public bool AuditMode { get; init; }
}
