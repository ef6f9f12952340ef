using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Sluice.Gateway.Tests.Ui;

/// <summary>axe-core (shipped inside its NuGet package, no network) finds no serious or critical problem on the main pages.</summary>
[Collection(UiCollection.Name)]
public sealed class UiAccessibilityTests(UiFixture fixture)
{
    [Fact]
    public async Task SignInPage_Axe_FindsNoSeriousViolations()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/ui/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Sluice" })).ToBeVisibleAsync();

        AssertNoSeriousViolations(await page.RunAxe(), "sign-in");
    }

    [Fact]
    public async Task SignedInPages_Axe_FindNoSeriousViolations()
    {
        var page = await fixture.SignedInPageAsync();

        (string Route, string Heading)[] pages =
        [
            ("#/playground", "Playground"), ("#/models", "Models"), ("#/accounts", "Provider accounts"),
            ("#/accounts/new", "New AWS Bedrock account"), ("#/accounts/demo-bedrock", "demo-bedrock"), ("#/usage", "Usage"),
            ("#/playground?tab=code", "Playground"),
            ("#/playground?tab=embeddings", "Playground"),
            ("#/playground?tab=images", "Playground"),
            ("#/virtual-models", "Virtual models"),
            ("#/virtual-models/new", "New virtual model"),
            ("#/limits", "Limits and budgets"),
            ("#/access/users", "Users"),
            ("#/access/teams", "Teams"),
            ("#/access/virtual-accounts", "Virtual accounts"),
            ("#/access/keys", "API keys"),
            ("#/access/audit", "Audit log"),
        ];
        var problems = new List<string>();
        foreach (var (route, heading) in pages)
        {
            await page.GotoAsync("/ui/" + route);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            problems.AddRange(Serious(await page.RunAxe(), route));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static void AssertNoSeriousViolations(AxeResult result, string where)
    {
        var serious = Serious(result, where);
        Assert.True(serious.Count == 0, string.Join("\n", serious));
    }

    private static List<string> Serious(AxeResult result, string where) =>
        result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{where}: {v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}")
            .ToList();
}
