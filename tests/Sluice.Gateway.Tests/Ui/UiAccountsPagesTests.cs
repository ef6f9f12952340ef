using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Sluice.Gateway.Tests.Ui;

/// <summary>
/// Provider accounts in headless Chromium: the add-account flow for each auth form with collaborators, the assume-role
/// panel, region override and private cost per model, test connection, and what a user with only the access role sees.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class UiAccountsPagesTests(UiFixture fixture)
{
    [Fact]
    public async Task AddAccount_AccessKeysWithUserCollaboratorAndRegionOverride_SavedAndConnectionWorks()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/ui/#/accounts/new");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("ui-keys");
        await page.GetByLabel("Region", new() { Exact = true }).FillAsync("us-east-1");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Access key" }).CheckAsync();
        await page.GetByLabel("Access key ID").FillAsync(UiFixture.GatewayAccessKeyId);
        await page.GetByLabel("Secret access key").FillAsync(UiFixture.GatewaySecretKey);
        await FillEndpointsAsync(page);
        await page.GetByLabel("Claude 3.5 Sonnet · Anthropic", new() { Exact = false }).First.CheckAsync();

        var item = page.Locator("li.model-item").Filter(new() { HasText = "claude-3.5-sonnet" });
        await item.Locator("summary").ClickAsync();
        await item.GetByLabel("Region override").FillAsync("us-west-2");
        await item.GetByLabel("Private input cost per 1000 tokens (USD)").FillAsync("0.003");
        await item.GetByLabel("Private output cost per 1000 tokens (USD)").FillAsync("0.015");
        await AddCollaboratorAsync(page, "user:demo@example.com", "provider-account-access");
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Collaborators" })).ToContainTextAsync("demo@example.com (user)");
        await UiScreenshots.SaveAsync(page, "accounts-access-keys-form");

        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "ui-keys", Level = 1 })).ToBeVisibleAsync();
        var collaborators = page.GetByRole(AriaRole.List, new() { Name = "Collaborators" });
        await Assertions.Expect(collaborators).ToContainTextAsync("demo@example.com (user)");
        await Assertions.Expect(collaborators).ToContainTextAsync("User");
        var row = page.GetByRole(AriaRole.Table, new() { Name = "Models of ui-keys" }).GetByRole(AriaRole.Row).Filter(new() { HasText = "ui-keys/claude-3.5-sonnet" });
        await Assertions.Expect(row).ToContainTextAsync("us-west-2");
        await Assertions.Expect(row).ToContainTextAsync("0.003 in / 0.015 out");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("null");

        await page.GetByRole(AriaRole.Button, new() { Name = "Test connection" }).ClickAsync();
        await Assertions.Expect(page.Locator(".status.ok")).ToContainTextAsync("Connection works");
        await Assertions.Expect(page.Locator(".status.ok")).ToContainTextAsync("GetCallerIdentity");
        await UiScreenshots.SaveAsync(page, "accounts-access-keys-saved");
    }

    [Fact]
    public async Task AddAccount_AssumedRole_PanelFillsGatewayIdentityAndExternalIdAndRoleIsAssumed()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/ui/#/accounts/new");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("ui-role");
        await page.GetByLabel("Region", new() { Exact = true }).FillAsync("us-east-1");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Assumed role" }).CheckAsync();
        await page.GetByLabel("Role ARN").FillAsync("arn:aws:iam::111122223333:role/gateway-bedrock");
        await page.GetByLabel("External ID (optional)").FillAsync("ext-123");
        await FillEndpointsAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Look up the gateway's identity" }).ClickAsync();
        await Assertions.Expect(page.Locator(".assume-role .status.ok")).ToContainTextAsync("arn:aws:iam::111122223333:user/gateway-user-1");
        var trust = page.GetByLabel("Trust policy JSON");
        await Assertions.Expect(trust).ToContainTextAsync("\"AWS\": \"arn:aws:iam::111122223333:user/gateway-user-1\"");
        await Assertions.Expect(trust).ToContainTextAsync("\"sts:ExternalId\": \"ext-123\"");
        await Assertions.Expect(page.GetByLabel("Permission policy JSON")).ToContainTextAsync("arn:aws:bedrock:*:111122223333:inference-profile/*");

        // "Select all" takes what the region offers, and says how many that is.
        var selectAll = page.GetByLabel("Select all text models");
        await selectAll.CheckAsync();
        await Assertions.Expect(page.Locator(".select-all").First).ToContainTextAsync("offered in us-east-1");
        await Assertions.Expect(selectAll).ToBeCheckedAsync();
        var models = page.GetByRole(AriaRole.List, new() { Name = "Models to save" });
        await Assertions.Expect(models).ToContainTextAsync("amazon.nova-lite-v1:0");
        await AddCollaboratorAsync(page, "team:everyone", "provider-account-access");
        await UiScreenshots.SaveAsync(page, "accounts-assumed-role-form");

        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "ui-role", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Collaborators" })).ToContainTextAsync("everyone (team)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Test connection" }).ClickAsync();
        await Assertions.Expect(page.Locator(".status.ok")).ToContainTextAsync("Connection works");
        await UiScreenshots.SaveAsync(page, "accounts-assumed-role-saved");
    }

    [Fact]
    public async Task AddAccount_BedrockApiKeyWithTeamManager_CollaboratorsEditedOnTheAccountPage()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/ui/#/accounts/new");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("ui-apikey");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Bedrock API key" }).CheckAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Bedrock API key" }).FillAsync(fixture.Emulator.DemoApiKey);
        await FillEndpointsAsync(page);
        await page.GetByLabel("Claude 3.5 Sonnet · Anthropic", new() { Exact = false }).First.CheckAsync();
        await AddCollaboratorAsync(page, "team:everyone", "provider-account-manager");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "ui-apikey", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Collaborators" })).ToContainTextAsync("Manager");

        await page.GetByRole(AriaRole.Button, new() { Name = "Edit collaborators" }).ClickAsync();
        await AddCollaboratorAsync(page, "demo@example.com", "provider-account-access");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save collaborators" }).ClickAsync();

        var list = page.GetByRole(AriaRole.List, new() { Name = "Collaborators" });
        await Assertions.Expect(list.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
        await Assertions.Expect(list).ToContainTextAsync("demo@example.com (user)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Test connection" }).ClickAsync();
        await Assertions.Expect(page.Locator(".status.neutral")).ToContainTextAsync("Not checked");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check with a model call" }).ClickAsync();
        await Assertions.Expect(page.Locator(".status.ok")).ToContainTextAsync("Connection works");
        await UiScreenshots.SaveAsync(page, "accounts-api-key-saved");
    }

    [Fact]
    public async Task Account_UserWithOnlyTheAccessRole_SeesNoEditAddOrDeleteButtons()
    {
        var page = await SignedInAsUserAsync("reader@example.com");
        await page.GotoAsync("/ui/#/accounts/demo-bedrock");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "demo-bedrock", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Models of demo-bedrock" })).ToContainTextAsync("demo-bedrock/claude-3-5-sonnet");
        await Assertions.Expect(page.Locator(".role-note")).ToContainTextAsync("You may call this account's models");
        foreach (var name in new[] { "Edit", "Add models", "Delete", "Test connection", "Edit collaborators" })
        {
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToHaveCountAsync(0);
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true })).ToHaveCountAsync(0);
        }

        await UiScreenshots.SaveAsync(page, "accounts-reader-view");

        // Direct links to what the role cannot do say why, in the admin API's words.
        await page.GotoAsync("/ui/#/accounts/demo-bedrock/edit");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("You need the provider-account-manager role on provider account 'demo-bedrock'");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save changes" })).ToHaveCountAsync(0);
        await UiScreenshots.SaveAsync(page, "accounts-reader-edit-link");
        await page.GotoAsync("/ui/#/accounts/new");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Only a tenant admin may create provider accounts");
    }

    [Theory]
    [InlineData("#/accounts", "Provider accounts")]
    [InlineData("#/accounts/new", "New AWS Bedrock account")]
    [InlineData("#/accounts/demo-bedrock", "demo-bedrock")]
    [InlineData("#/accounts/demo-bedrock/edit", "Edit demo-bedrock")]
    public async Task AccountPages_At390Pixels_NoHorizontalOverflow(string route, string heading)
    {
        var page = await fixture.SignedInPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/ui/" + route);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
        if (route.EndsWith("new", StringComparison.Ordinal))
        {
            await page.GetByRole(AriaRole.Radio, new() { Name = "Assumed role" }).CheckAsync();
        }

        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"),
            $"{route} is wider than 390 px: {await page.EvaluateAsync<string>(UiScreenshots.WidestElementScript)}");
        await UiScreenshots.SaveAsync(page, "accounts-390" + route.Replace("#", "", StringComparison.Ordinal).Replace('/', '-'));
    }

    private async Task FillEndpointsAsync(IPage page)
    {
        await page.GetByText("Custom endpoints (optional)").ClickAsync();
        await page.GetByLabel("Bedrock runtime endpoint").FillAsync(fixture.Emulator.RuntimeEndpointTemplate);
        await page.GetByLabel("STS endpoint").FillAsync(fixture.Emulator.StsEndpointTemplate);
    }

    private static async Task AddCollaboratorAsync(IPage page, string subject, string role)
    {
        await page.GetByLabel("User or team").FillAsync(subject);
        await page.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync(role);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add collaborator" }).ClickAsync();
    }

    /// <summary>A page signed in with a fresh key of a plain user (created by the admin through the API).</summary>
    private async Task<IPage> SignedInAsUserAsync(string email)
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", UiFixture.AdminKey);
        using var created = await http.PostAsJsonAsync("/api/v1/personal-access-tokens", new { name = "ui-" + Guid.NewGuid().ToString("N")[..8], user = email });
        var text = await created.Content.ReadAsStringAsync();
        Assert.True(created.IsSuccessStatusCode, text);
        var key = JsonDocument.Parse(text).RootElement.GetProperty("token").GetString()!;

        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/ui/");
        await UiFixture.RevealKeyFormAsync(page);
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with API key" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        return page;
    }
}
