using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Sluice.Gateway.Tests.Ui;

/// <summary>A plain user (no admin role, only access through team everyone) sees only what they can use.</summary>
[Collection(UiCollection.Name)]
public sealed class UiRoleAwarenessTests(UiFixture fixture)
{
    [Fact]
    public async Task PlainUser_Navigation_ShowsOnlyWhatTheirRoleCanUse()
    {
        var key = await UiUsers.CreateKeyAsync(fixture, "reader@example.com", "reader-signin");
        var page = await UiUsers.SignedInPageAsync(fixture, key);

        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Assertions.Expect(nav.GetByRole(AriaRole.Link)).ToHaveTextAsync(["Playground", "Models", "Usage", "Virtual models", "Limits", "API keys"]);
        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync("reader@example.com");
        await UiScreenshots.SaveAsync(page, "PlainUser-playground");

        // Their own keys: no owner picker, no tabs to the admin pages.
        await nav.GetByRole(AriaRole.Link, new() { Name = "API keys" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API keys", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("For")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Access" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "API keys, newest first" })).ToContainTextAsync("reader-signin");
        await page.GetByLabel("Key name").FillAsync("reader-laptop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("New API key")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^sk-sluice-"));
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "API keys, newest first" })).ToContainTextAsync("reader-laptop");
        await UiScreenshots.SaveAsync(page, "PlainUser-keys");

        await nav.GetByRole(AriaRole.Link, new() { Name = "Usage" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Usage", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main [role=alert]")).ToHaveCountAsync(0);
        await UiScreenshots.SaveAsync(page, "PlainUser-usage");
    }

    [Theory]
    [InlineData("access/users", "Only a tenant admin may manage users.")]
    [InlineData("access/teams", "Only a tenant admin may manage teams.")]
    [InlineData("access/virtual-accounts", "Only a tenant admin may manage virtual accounts.")]
    [InlineData("access/audit", "Only a tenant admin may read the audit log.")]
    [InlineData("accounts", "provider-account-manager")]
    [InlineData("accounts/new", "Only a tenant admin may create provider accounts.")]
    public async Task PlainUser_DirectLinkToForbiddenPage_SaysWhy(string route, string reason)
    {
        var key = await UiUsers.CreateKeyAsync(fixture, "reader@example.com", "reader-" + route.Replace('/', '-'));
        var page = await UiUsers.SignedInPageAsync(fixture, key);

        await page.GotoAsync("/ui/#/" + route);

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not available to you", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main [role=alert]")).ToContainTextAsync(reason);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not available to you" })).ToBeFocusedAsync();
        var serious = (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical").Select(v => v.Id).ToList();
        Assert.Empty(serious);
        await UiScreenshots.SaveAsync(page, "PlainUser-denied-" + route.Replace('/', '-'));
    }

    [Fact]
    public async Task SignedOut_DirectLinkToAccessPage_ReturnsThereAfterSignIn()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/ui/#/access/audit");
        await UiFixture.RevealKeyFormAsync(page);
        await page.GetByLabel("API key").FillAsync(UiFixture.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with API key" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit log", Level = 1 })).ToBeVisibleAsync();
    }
}
