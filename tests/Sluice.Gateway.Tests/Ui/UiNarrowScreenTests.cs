using Microsoft.Playwright;

namespace Sluice.Gateway.Tests.Ui;

/// <summary>Every page at 390 px (a phone): nothing wider than the screen, the navigation folded into a menu button.</summary>
[Collection(UiCollection.Name)]
public sealed class UiNarrowScreenTests(UiFixture fixture)
{
    private const int Width = 390;

    [Fact]
    public async Task EveryAdminPage_At390Px_HasNoHorizontalOverflow()
    {
        var page = await fixture.SignedInPageAsync();
        await page.SetViewportSizeAsync(Width, 844);

        (string Route, string Heading)[] pages =
        [
            ("playground", "Playground"), ("models", "Models"), ("accounts", "Provider accounts"),
            ("accounts/new", "New AWS Bedrock account"), ("accounts/demo-bedrock", "demo-bedrock"), ("usage", "Usage"),
            ("access/users", "Users"), ("access/teams", "Teams"), ("access/virtual-accounts", "Virtual accounts"),
            ("access/keys", "API keys"), ("access/audit", "Audit log"),
        ];
        var overflowing = new List<string>();
        foreach (var (route, heading) in pages)
        {
            await page.GotoAsync("/ui/#/" + route);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var width = await page.EvaluateAsync<int>("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)");
            if (width > Width)
            {
                overflowing.Add($"{route}: {width} px");
            }

            await UiScreenshots.SaveAsync(page, "Narrow-" + route.Replace('/', '-'));
        }

        Assert.True(overflowing.Count == 0, "wider than 390 px: " + string.Join(", ", overflowing));
    }

    [Fact]
    public async Task Menu_At390Px_OpensWithItsButtonAndReachesEveryPageAndSignOut()
    {
        var page = await fixture.SignedInPageAsync();
        await page.SetViewportSizeAsync(Width, 844);
        var menu = page.GetByRole(AriaRole.Button, new() { Name = "Menu" });
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });

        await Assertions.Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(nav).ToBeHiddenAsync();

        await menu.ClickAsync();
        await Assertions.Expect(menu).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(nav.GetByRole(AriaRole.Link)).ToHaveTextAsync(["Playground", "Models", "Provider accounts", "Usage", "Virtual models", "Limits", "Access"]);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await UiScreenshots.SaveAsync(page, "Narrow-menu-open");

        await nav.GetByRole(AriaRole.Link, new() { Name = "Access" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Users", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        // By keyboard: Escape closes the menu and puts focus back on its button.
        await menu.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Playground" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(menu).ToBeFocusedAsync();
        await Assertions.Expect(nav).ToBeHiddenAsync();
    }

    [Fact]
    public async Task PlainUserPages_At390Px_HaveNoHorizontalOverflow()
    {
        var key = await UiUsers.CreateKeyAsync(fixture, "narrow.reader@example.com", "narrow");
        var page = await UiUsers.SignedInPageAsync(fixture, key, Width);

        (string Route, string Heading)[] pages =
        [
            ("playground", "Playground"), ("models", "Models"), ("usage", "Usage"), ("access/keys", "API keys"),
            ("access/users", "Not available to you"),
        ];
        foreach (var (route, heading) in pages)
        {
            await page.GotoAsync("/ui/#/" + route);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.True(await page.EvaluateAsync<int>("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)") <= Width, route + " is wider than 390 px");
            await UiScreenshots.SaveAsync(page, "Narrow-plain-user-" + route.Replace('/', '-'));
        }
    }
}
