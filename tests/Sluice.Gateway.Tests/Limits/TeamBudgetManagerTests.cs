using System.Text.Json;
using Sluice.Gateway.Tests.Hosting;

namespace Sluice.Gateway.Tests.Limits;

/// <summary>A team's managers (the team manifest's <c>managers</c>) manage that team's budgets through the admin API, and nothing more.</summary>
public sealed class TeamBudgetManagerTests
{
    // carol manages mlops without being in it; erin manages and is in search; dave is an mlops member.
    private const string Teams = """
        type: user
        name: carol@example.com
        ---
        type: user
        name: dave@example.com
        ---
        type: user
        name: erin@example.com
        ---
        type: team
        name: mlops
        members: [dave@example.com]
        managers: [carol@example.com]
        ---
        type: team
        name: search
        members: [erin@example.com]
        managers: [erin@example.com]
        ---
        name: search-daily
        type: team-budget-config
        team_name: search
        limits: {cost_per_day: 5}
        ---
        name: tenant-monthly
        type: tenant-budget-config
        limits: {cost_per_month: 100}
        """;

    [Fact]
    public async Task Apply_ManagerOfTheTeam_AppliesEditsListsAndDeletesItsBudget_Audited()
    {
        await using var host = await GatewayHost.StartAsync();
        var carol = await SetUpAsync(host);

        var created = await ApplyAsync(host, carol, Budget("mlops-daily", "mlops", 20));
        var edited = await ApplyAsync(host, carol, Budget("mlops-daily", "mlops", 30));
        var listed = await host.SendAsync(HttpMethod.Get, "/api/v1/limits", token: carol);
        var limit = BudgetIn(host, "mlops-daily");
        var deleted = await host.SendAsync(HttpMethod.Delete, "/api/v1/limits?type=team-budget-config&name=mlops-daily", token: carol);
        var audit = await host.SendAsync(HttpMethod.Get, "/api/v1/audit?actor=user:carol@example.com");

        Assert.Equal((200, "created"), (created.Status, Status(created.Body)));
        Assert.Equal((200, "updated"), (edited.Status, Status(edited.Body)));
        // Only the teams carol manages: not search's budget nor the tenant's.
        Assert.Equal(["mlops-daily"], listed.Body.GetProperty("data").EnumerateArray().Select(d => d.GetProperty("name").GetString()));
        Assert.Equal(30m, limit);
        Assert.Equal(204, deleted.Status);
        Assert.Null(BudgetIn(host, "mlops-daily"));
        Assert.Equal(["delete", "update", "create"], audit.Body.GetProperty("data").EnumerateArray()
            .Where(a => a.GetProperty("target").GetString() == "team-budget-config:mlops-daily").Select(a => a.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task Apply_ManagerOfAnotherTeamOrATenantBudget_Gets403AndNothingChanges()
    {
        await using var host = await GatewayHost.StartAsync();
        var carol = await SetUpAsync(host);
        var dave = await TokenAsync(host, "dave@example.com");

        var otherTeam = await ApplyAsync(host, carol, Budget("carol-search", "search", 50));
        var takeOver = await ApplyAsync(host, carol, Budget("search-daily", "mlops", 50));
        var tenant = await ApplyAsync(host, carol, "name: tenant-monthly\ntype: tenant-budget-config\nlimits: {cost_per_month: 1000}\n");
        var member = await ApplyAsync(host, dave, Budget("mlops-daily", "mlops", 20));
        var deleteOther = await host.SendAsync(HttpMethod.Delete, "/api/v1/limits?type=team-budget-config&name=search-daily", token: carol);
        var deleteTenant = await host.SendAsync(HttpMethod.Delete, "/api/v1/limits?type=tenant-budget-config&name=tenant-monthly", token: carol);
        var listByMember = await host.SendAsync(HttpMethod.Get, "/api/v1/limits", token: dave);

        foreach (var refused in new[] { otherTeam, takeOver, tenant, member, deleteOther, deleteTenant, listByMember })
        {
            Assert.True(refused.Status == 403, refused.Text);
            Assert.Equal("permission_denied", refused.Body.GetProperty("error").GetProperty("code").GetString());
        }

        Assert.Contains("team 'search'", otherTeam.Text, StringComparison.Ordinal);
        Assert.Contains("team 'search'", takeOver.Text, StringComparison.Ordinal);
        Assert.Contains("tenant admin", tenant.Text, StringComparison.Ordinal);
        Assert.Contains("team 'mlops'", member.Text, StringComparison.Ordinal);
        Assert.Equal(5m, BudgetIn(host, "search-daily"));
        Assert.Equal("search", ((Sluice.Limits.Rules.LimitSet)host.Snapshots.Current.Limits!).BudgetsV2.Single(b => b.Name == "search-daily").When.RequiredSubject?["team:".Length..]);
    }

    [Fact]
    public async Task Apply_TeamWithManagers_KeepsThemAndReappliesUnchanged()
    {
        await using var host = await GatewayHost.StartAsync();
        await SetUpAsync(host);

        var again = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", Teams, "application/yaml");
        var team = await host.SendAsync(HttpMethod.Get, "/api/v1/teams/mlops");
        var badManager = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", "type: team\nname: infra\nmembers: []\nmanagers: [not-an-email]\n", "application/yaml");

        Assert.All(again.Body.GetProperty("results").EnumerateArray(), r => Assert.Equal("unchanged", r.GetProperty("status").GetString()));
        Assert.Equal(["carol@example.com"], team.Body.GetProperty("managers").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(400, badManager.Status);
        Assert.Contains("managers[0]", badManager.Text, StringComparison.Ordinal);
    }

    private static string Budget(string name, string team, decimal perDay) =>
        $"name: {name}\ntype: team-budget-config\nteam_name: {team}\nlimits: {{cost_per_day: {perDay}}}\napplies_to: {{type: per-user}}\n";

    private static async Task<string> SetUpAsync(GatewayHost host)
    {
        var applied = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", Teams, "application/yaml");
        Assert.True(applied.Status == 200, applied.Text);
        return await TokenAsync(host, "carol@example.com");
    }

    private static async Task<string> TokenAsync(GatewayHost host, string user)
    {
        var token = await host.SendAsync(HttpMethod.Post, "/api/v1/personal-access-tokens", $$"""{"name":"t","user":"{{user}}"}""");
        return token.Body.GetProperty("token").GetString()!;
    }

    private static Task<(int Status, JsonElement Body, string Text)> ApplyAsync(GatewayHost host, string token, string yaml) =>
        host.SendAsync(HttpMethod.Post, "/api/v1/apply", yaml, "application/yaml", token);

    private static string? Status(JsonElement body) => body.GetProperty("results")[0].GetProperty("status").GetString();

    // The budget's daily limit in force (the snapshot the gateway checks calls against), or null when it has none.
    private static decimal? BudgetIn(GatewayHost host, string name) =>
        (host.Snapshots.Current.Limits as Sluice.Limits.Rules.LimitSet)?.BudgetsV2.FirstOrDefault(b => b.Name == name)?.Windows[0].Amount;
}
