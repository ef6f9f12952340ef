using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Sluice.Gateway.Tests.Ui;

/// <summary>axe-core on every signed-in page in the layouts UiAccessibilityTests does not cover: 390 px wide, and dark colours.</summary>
[Collection(UiCollection.Name)]
public sealed class UiAxeVariantsTests(UiFixture fixture)
{
    private static readonly (string Route, string Heading)[] Pages =
    [
        ("playground", "Playground"), ("models", "Models"), ("accounts", "Provider accounts"),
        ("accounts/new", "New AWS Bedrock account"), ("accounts/demo-bedrock", "demo-bedrock"), ("usage", "Usage"),
        ("access/users", "Users"), ("access/teams", "Teams"), ("access/virtual-accounts", "Virtual accounts"),
        ("access/keys", "API keys"), ("access/audit", "Audit log"),
    ];

    [Fact]
    public async Task EveryPage_At390PxWithMenuOpen_AxeFindsNoSeriousViolations()
    {
        var page = await fixture.SignedInPageAsync();
        await page.SetViewportSizeAsync(390, 844);

        var problems = await ProblemsAsync(page, async () =>
            await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync());
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task EveryPage_DarkColourScheme_AxeFindsNoSeriousViolations()
    {
        var page = await fixture.SignedInPageAsync();
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });

        var problems = await ProblemsAsync(page, () => Task.CompletedTask);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static async Task<List<string>> ProblemsAsync(IPage page, Func<Task> prepare)
    {
        var problems = new List<string>();
        foreach (var (route, heading) in Pages)
        {
            await page.GotoAsync("/ui/#/" + route);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await prepare();
            problems.AddRange((await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{route}: {v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Take(4).Select(n => $"{n.Target} {n.Html} ({string.Join("; ", n.Any.Select(c => c.Message))})"))}"));
        }

        return problems;
    }
}
