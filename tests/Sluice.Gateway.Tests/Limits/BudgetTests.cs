namespace Sluice.Gateway.Tests.Limits;

public sealed class BudgetTests
{
    private const string DailyBudgets = """
        name: budgets
        type: gateway-budget-config
        rules:
          - {id: ml-team-daily, when: {subjects: [team:ml]}, limit_to: 100, unit: cost_per_day}
          - id: everyone-daily
            when: {}
            limit_to: 10
            unit: cost_per_day
            budget_applies_per: [user]
            alerts: {thresholds: [80, 100], notification_target: [{type: email, notification_channel: tfy-email-channel,
                                                                   to_emails: [finops@example.com]}]}
        """;

    [Fact]
    public async Task Acquire_SpendBelowTheBudget_IsAllowed_AndOnceItPassesIsRefused()
    {
        var limits = LimitHarness.From(DailyBudgets);
        Assert.True((await limits.CompleteAsync(6m)).IsAcquired);
        Assert.True((await limits.CompleteAsync(3.99m)).IsAcquired);

        // $9.99 spent: still under $10, so this call runs (and crosses the budget).
        Assert.True((await limits.CompleteAsync(0.5m)).IsAcquired);
        var refused = await limits.CallAsync();

        Assert.Equal(("everyone-daily", "budget_exceeded"), (refused.Refusal?.Rule.Name, refused.Refusal?.Code));
        Assert.Contains("$10", refused.Refusal!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acquire_NextUtcDay_FreesTheBudget()
    {
        var limits = LimitHarness.From(DailyBudgets);
        await limits.CompleteAsync(10m);
        var refused = await limits.CallAsync();
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero) - LimitHarness.Start, refused.Refusal!.RetryAfter);

        limits.Time.SetUtcNow(new DateTimeOffset(2026, 12, 5, 23, 59, 59, TimeSpan.Zero));
        Assert.False((await limits.CallAsync()).IsAcquired);
        limits.Time.SetUtcNow(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));

        Assert.True((await limits.CallAsync()).IsAcquired);
    }

    [Fact]
    public async Task Acquire_ExceptionAboveTheDefault_DecidesForItsTeam()
    {
        var limits = LimitHarness.From(DailyBudgets);

        await limits.CompleteAsync(50m, user: "ml@example.com", teams: ["ml"]);

        Assert.True((await limits.CallAsync("ml@example.com", teams: ["ml"])).IsAcquired);
        Assert.True((await limits.CallAsync("bob@example.com")).IsAcquired);
    }

    [Fact]
    public async Task Settle_UnknownCost_IsCountedAtTheFallbackPriceAndFlagged()
    {
        var limits = LimitHarness.From(DailyBudgets);

        // 100,000 output tokens at the $75/M fallback: $7.50; with 50,000 input tokens at $15/M, $8.25.
        await limits.CompleteAsync(null, prompt: 50_000, completion: 100_000);
        await limits.CompleteAsync(null, prompt: 50_000, completion: 100_000);

        Assert.False((await limits.CallAsync()).IsAcquired);
        Assert.Equal(2, limits.Checker.Unpriced("everyone-daily"));
    }

    [Fact]
    public async Task Settle_CrossingThresholds_AlertsOncePerThresholdPerPeriod()
    {
        var limits = LimitHarness.From(DailyBudgets);

        await limits.CompleteAsync(7m);
        await limits.CompleteAsync(1m);   // $8: 80 %
        await limits.CompleteAsync(0.5m); // still between 80 % and 100 %: nothing new
        await limits.CompleteAsync(2m);   // $10.50: 100 %

        Assert.Equal([80, 100], limits.Alerts.Select(a => a.Threshold));
        Assert.All(limits.Alerts, a => Assert.Equal(("everyone-daily", "alice@example.com", 10m), (a.Rule, a.Bucket, a.Limit)));
        limits.Time.Advance(TimeSpan.FromDays(1));
        await limits.CompleteAsync(8m);
        Assert.Equal([80, 100, 80], limits.Alerts.Select(a => a.Threshold));
    }

    [Fact]
    public async Task Acquire_AuditModeBudget_NeverRefuses()
    {
        var limits = LimitHarness.From("""
            name: budgets
            type: gateway-budget-config
            rules:
              - {id: watch, when: {}, limit_to: 1, unit: cost_per_month, audit_mode: true}
            """);

        await limits.CompleteAsync(5m);

        Assert.True((await limits.CallAsync()).IsAcquired);
        Assert.Equal(1, limits.Checker.AuditBlocks("watch"));
    }

    [Fact]
    public async Task Acquire_TeamBudgetV2_CoversOnlyItsTeamWithOverridesAndSeveralPeriods()
    {
        var limits = LimitHarness.From("""
            name: eng-monthly
            type: team-budget-config
            team_name: eng
            mode: enforce
            limits: {cost_per_day: 20, cost_per_month: 300}
            when: {models: {not_in: [openai-main/gpt-4o-mini]}}
            applies_to: {type: per-user, overrides: [{users: [lead@example.com], limits: {cost_per_month: 1000}}]}
            """);
        string[] eng = ["eng"];
        await limits.CompleteAsync(25m, teams: eng);
        await limits.CompleteAsync(25m, user: "lead@example.com", teams: eng);
        await limits.CompleteAsync(25m, user: "outsider@example.com");

        Assert.Equal("cost_per_day", (await limits.CallAsync(teams: eng)).Refusal?.Window.Unit);
        Assert.True((await limits.CallAsync("lead@example.com", teams: eng)).IsAcquired);
        Assert.True((await limits.CallAsync("outsider@example.com")).IsAcquired);
        Assert.True((await limits.CallAsync(model: "openai-main/gpt-4o-mini", teams: eng)).IsAcquired);
    }
}
