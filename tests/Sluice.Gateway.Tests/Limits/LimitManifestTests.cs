using Sluice.Gateway.Hosting;
using Sluice.Gateway.Manifests;
using Sluice.Gateway.Snapshots;

namespace Sluice.Gateway.Tests.Limits;

public sealed class LimitManifestTests
{
    [Fact]
    public void Validate_V2Budgets_ReportEveryScopeAndOverrideProblem()
    {
        var documents = ManifestFile.Parse("""
            name: no-team
            type: team-budget-config
            when: {subjects: {teams: {in: [ops]}}}
            limits: {cost_per_day: 5, requests_per_day: 3}
            applies_to: {type: aggregate, overrides: [{users: [a@example.com], limits: {cost_per_day: 9}}]}
            ---
            name: by-key
            type: tenant-budget-config
            team_name: eng
            limits: {}
            applies_to: {type: metadata}
            """, "test");
        var problems = new List<ValidationProblem>();

        foreach (var d in documents) ManifestValidator.Validate(d, problems);

        Assert.Equal(
            ["team_name", "when.subjects.teams", "limits.requests_per_day", "applies_to.overrides[0]", "team_name", "limits", "applies_to.metadata"],
            problems.Select(p => p.Path));
    }

    [Fact]
    public async Task Build_VirtualAccountSpelledEitherWay_MatchesTheVirtualAccount()
    {
        var set = LimitSetFactory.Build(ManifestFile.Parse("""
            name: rate-limits
            type: gateway-rate-limiting-config
            rules:
              - {id: old-spelling, when: {subjects: [virtual-account:ci-bot]}, limit_to: 1, unit: requests_per_minute}
            """, "test"));
        var checker = new Sluice.Limits.Checking.LimitChecker(new Sluice.Limits.Counters.InMemoryLimitCounters(TimeProvider.System), TimeProvider.System);
        var bot = new Sluice.Limits.Checking.LimitRequest(
            System.Collections.Frozen.FrozenSet.ToFrozenSet(["virtualaccount:ci-bot"], StringComparer.Ordinal), "virtualaccount:ci-bot", "ci-bot", "acct/chat", "acct", null, 1);

        Assert.True((await checker.AcquireAsync(set, bot)).IsAcquired);
        Assert.Equal("old-spelling", (await checker.AcquireAsync(set, bot)).Refusal?.Rule.Name);
    }
}
