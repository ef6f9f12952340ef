using System.Net;
using System.Text;
using Microsoft.Playwright;

namespace Sluice.Gateway.Tests.Ui;

/// <summary>The Access pages (users, teams, virtual accounts, API keys, audit log) driven as a tenant admin would.</summary>
[Collection(UiCollection.Name)]
public sealed class UiAccessPagesTests(UiFixture fixture)
{
    [Fact]
    public async Task ApiKey_CreatedInUi_WorksOnChatUntilRevokedInUi()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Access" }).ClickAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Access" }).GetByRole(AriaRole.Link, new() { Name = "API keys" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API keys", Level = 1 })).ToBeVisibleAsync();

        await page.GetByLabel("Key name").FillAsync("ui-made-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var secretField = page.GetByLabel("New API key");
        await Assertions.Expect(secretField).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^sk-sluice-"));
        await Assertions.Expect(secretField).ToBeFocusedAsync();
        var secret = await secretField.InputValueAsync();
        await UiScreenshots.SaveAsync(page, "ApiKey-created");

        using var http = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        using (var ok = await ChatAsync(http, secret))
        {
            Assert.True(ok.StatusCode == HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
        }

        // Shown once: after closing the panel the secret is nowhere on the page, only the key's name and id.
        await page.GetByRole(AriaRole.Button, new() { Name = "Done, I have copied it" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("New API key")).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);

        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "ui-made-key" });
        await Assertions.Expect(row).ToContainTextAsync("Active");
        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke key ui-made-key" }).ClickAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Yes, revoke key ui-made-key" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "ui-made-key" })).ToContainTextAsync("Revoked");
        await UiScreenshots.SaveAsync(page, "ApiKey-revoked");

        using var refused = await ChatAsync(http, secret);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Directory_InviteTeamAndVirtualAccount_ShowInTheAuditLogWithAFilter()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/ui/#/access/users");
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Users" })).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync("invited.person@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Invite", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Invitation link", new() { Exact = true })).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("/ui/#/accept-invite\\?token=."));
        var invitedRow = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "invited.person@example.com" });
        await Assertions.Expect(invitedRow).ToContainTextAsync("no password yet");
        await UiScreenshots.SaveAsync(page, "Directory-users");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Access" }).GetByRole(AriaRole.Link, new() { Name = "Teams" }).ClickAsync();
        await page.GetByLabel("Team name").FillAsync("ui-team");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create team" }).ClickAsync();
        await page.GetByLabel("Add a member to ui-team").FillAsync("invited.person@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Members of ui-team" })).ToContainTextAsync("invited.person@example.com");
        await UiScreenshots.SaveAsync(page, "Directory-teams");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Access" }).GetByRole(AriaRole.Link, new() { Name = "Virtual accounts" }).ClickAsync();
        await page.GetByLabel("Virtual account name").FillAsync("ui-bot");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create virtual account" }).ClickAsync();
        var bot = page.Locator("section[data-va=ui-bot]");
        await bot.GetByLabel("Account or model").SelectOptionAsync("demo-bedrock/claude-3-5-sonnet");
        await bot.GetByRole(AriaRole.Button, new() { Name = "Grant" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Permissions of ui-bot" })).ToContainTextAsync("demo-bedrock/claude-3-5-sonnet");
        await UiScreenshots.SaveAsync(page, "Directory-virtual-accounts");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Access" }).GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        var entries = page.GetByRole(AriaRole.Table, new() { Name = "Audit entries, newest first" });
        await Assertions.Expect(entries).ToContainTextAsync("team:ui-team");
        await Assertions.Expect(entries).ToContainTextAsync("virtual-account:ui-bot");

        await page.GetByLabel("Target").FillAsync("team:ui-team");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Assertions.Expect(entries.GetByRole(AriaRole.Row).Filter(new() { HasText = "team:ui-team" })).ToHaveCountAsync(2); // created, then a member added
        await Assertions.Expect(entries).Not.ToContainTextAsync("virtual-account:ui-bot");

        await page.GetByLabel("Target").FillAsync("");
        await page.GetByLabel("Action").SelectOptionAsync("invite");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Assertions.Expect(entries).ToContainTextAsync("user:invited.person@example.com");
        await Assertions.Expect(entries).Not.ToContainTextAsync("team:ui-team");
        await UiScreenshots.SaveAsync(page, "Directory-audit-filtered");
    }

    [Fact]
    public async Task Users_MakeTenantAdminThenDeactivate_TableShowsEachChange()
    {
        using (var http = UiUsers.AdminClient(fixture))
        {
            using var made = await http.PostAsync("/api/v1/users", new StringContent("""{"email":"promote.me@example.com"}""", Encoding.UTF8, "application/json"));
            Assert.True(made.IsSuccessStatusCode, await made.Content.ReadAsStringAsync());
        }

        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/ui/#/access/users");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "promote.me@example.com" });
        await row.GetByRole(AriaRole.Button, new() { Name = "Make tenant admin: promote.me@example.com" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("tenant admin");
        await row.GetByRole(AriaRole.Button, new() { Name = "Deactivate promote.me@example.com" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("Deactivated");
        await Assertions.Expect(row.GetByRole(AriaRole.Button, new() { Name = "Activate promote.me@example.com" })).ToBeFocusedAsync();
    }

    private static Task<HttpResponseMessage> ChatAsync(HttpClient http, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"demo-bedrock/claude-3-5-sonnet","messages":[{"role":"user","content":"key check"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", key);
        return http.SendAsync(request);
    }
}
