using System.Text.Json;
using Sluice.Gateway.Tests.Hosting;

namespace Sluice.Gateway.Tests.Limits;

/// <summary>The usage summary shows, beside the spend, the budgets its subjects spend against.</summary>
public sealed class UsageBudgetTests
{
    // A per-user V1 budget, a V2 tenant budget shared by everyone, and a team budget of a team alice is not in.
    private const string Budgets = """
        name: budgets
        type: gateway-budget-config
        rules:
          - {id: everyone-daily, when: {}, limit_to: 0.03, unit: cost_per_day, budget_applies_per: [user]}
        ---
        name: tenant-monthly
        type: tenant-budget-config
        mode: enforce
        limits: {cost_per_day: 1, cost_per_month: 20}
        applies_to: {type: aggregate}
        ---
        type: team
        name: mlops
        members: [bob@example.com]
        ---
        name: mlops-daily
        type: team-budget-config
        team_name: mlops
        limits: {cost_per_day: 5}
        applies_to: {type: per-user}
        """;

    [Fact]
    public async Task Summary_OwnUsage_ShowsEachMatchingBudgetWithLimitUseRemainingAndReset()
    {
        await using var host = await GatewayHost.StartAsync();
        var alice = await LimitsGatewayTests.SetUpAsync(host, Budgets, priced: true);
        using var call = await LimitsGatewayTests.ChatAsync(host, alice);
        await WaitForRequestsAsync(host, alice, 1);

        var summary = await host.SendAsync(HttpMethod.Get, "/api/v1/usage/summary", token: alice);

        Assert.Equal(200, (int)call.StatusCode);
        var budgets = ByName(summary.Body);
        Assert.Equal(["everyone-daily", "tenant-monthly"], budgets.Keys.Order());
        var daily = budgets["everyone-daily"];
        Assert.Equal("alice@example.com", daily.GetProperty("bucket").GetString());
        var window = daily.GetProperty("windows")[0];
        Assert.Equal(("cost_per_day", 0.03m, 0.015m, 0.015m),
            (window.GetProperty("unit").GetString(), window.GetProperty("limit").GetDecimal(), window.GetProperty("used").GetDecimal(), window.GetProperty("remaining").GetDecimal()));
        Assert.Equal(new DateTimeOffset(DateTime.UtcNow.Date.AddDays(1), TimeSpan.Zero), window.GetProperty("resets_at").GetDateTimeOffset());
        Assert.Equal(["cost_per_day", "cost_per_month"], budgets["tenant-monthly"].GetProperty("windows").EnumerateArray().Select(w => w.GetProperty("unit").GetString()));
        Assert.Equal(0.015m, summary.Body.GetProperty("data")[0].GetProperty("cost_usd").GetDecimal());
    }

    [Fact]
    public async Task Summary_AdminScopes_ShowTheBudgetsOfTheirSubjects()
    {
        await using var host = await GatewayHost.StartAsync();
        var alice = await LimitsGatewayTests.SetUpAsync(host, Budgets, priced: true);
        using var call = await LimitsGatewayTests.ChatAsync(host, alice);
        await WaitForRequestsAsync(host, alice, 1);

        var tenant = await host.SendAsync(HttpMethod.Get, "/api/v1/usage/summary");
        var ofAlice = await host.SendAsync(HttpMethod.Get, "/api/v1/usage/summary?user=alice@example.com");
        var ofMlops = await host.SendAsync(HttpMethod.Get, "/api/v1/usage/summary?team=mlops");
        var byUser = await host.SendAsync(HttpMethod.Get, "/api/v1/usage/summary?group_by=user");

        // Tenant-wide: only budgets every caller shares; a per-user budget has no one bucket to show.
        Assert.Equal(["tenant-monthly"], ByName(tenant.Body).Keys);
        Assert.Equal(0.015m, ByName(tenant.Body)["tenant-monthly"].GetProperty("windows")[0].GetProperty("used").GetDecimal());
        Assert.Equal(["everyone-daily", "tenant-monthly"], ByName(ofAlice.Body).Keys.Order());
        Assert.Equal(["everyone-daily", "mlops-daily", "tenant-monthly"], ByName(ofMlops.Body).Keys.Order());
        Assert.Equal("bob@example.com", ByName(ofMlops.Body)["mlops-daily"].GetProperty("bucket").GetString());
        Assert.Equal(["everyone-daily", "tenant-monthly"], ByName(byUser.Body).Keys.Order());
    }

    private static Dictionary<string, JsonElement> ByName(JsonElement summary)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var b in summary.GetProperty("budgets").EnumerateArray()) result[b.GetProperty("name").GetString()!] = b;
        return result;
    }

    // Usage records are written in the background: the summary counts the call within a second or so.
    private static async Task WaitForRequestsAsync(GatewayHost host, string key, long requests)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var summary = await host.SendAsync(HttpMethod.Get, "/api/v1/usage/summary", token: key);
            var data = summary.Body.GetProperty("data");
            if (data.GetArrayLength() > 0 && data[0].GetProperty("requests").GetInt64() >= requests) return;
            await Task.Delay(50, timeout.Token);
        }
    }
}
