using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace Sluice.Gateway.Tests.Ui;

/// <summary>The virtual-models and the limits-and-budgets pages in headless Chromium, against the real gateway.</summary>
[Collection(UiCollection.Name)]
public sealed class UiRoutingLimitsPagesTests(UiFixture fixture)
{
    [Fact]
    public async Task VirtualModel_CreatedInTheUi_ListedHealthyAndAnsweredInThePlayground()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Virtual models" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New virtual model" }).ClickAsync();

        await page.GetByLabel("Group", new() { Exact = true }).FillAsync("ui-vm");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("sonnet");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Priority" }).CheckAsync();
        var first = page.Locator("li.vm-target").Nth(0);
        await first.GetByLabel("Model", new() { Exact = true }).SelectOptionAsync("demo-bedrock/claude-3-5-sonnet");
        await first.GetByText("Retries and fallback").ClickAsync();
        await first.GetByLabel("Retry attempts (0-10)").FillAsync("1");
        await first.GetByLabel("Fall back on statuses").FillAsync("429, 503");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add target" }).ClickAsync();
        var second = page.Locator("li.vm-target").Nth(1);
        await second.GetByLabel("Model", new() { Exact = true }).SelectOptionAsync("demo-bedrock/llama3-8b");
        await second.GetByLabel("Priority (lower first)").FillAsync("5");
        await UiScreenshots.SaveAsync(page, "virtual-models-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create virtual model" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Virtual models", Level = 1 })).ToBeVisibleAsync();
        var targets = page.GetByRole(AriaRole.Table, new() { Name = "Targets of ui-vm/sonnet" });
        var sonnet = targets.GetByRole(AriaRole.Row).Filter(new() { HasText = "demo-bedrock/claude-3-5-sonnet" });
        await Assertions.Expect(sonnet).ToContainTextAsync("1× after 100 ms");
        await Assertions.Expect(sonnet).ToContainTextAsync("429, 503");
        await Assertions.Expect(sonnet).ToContainTextAsync("Healthy");
        await Assertions.Expect(targets.GetByRole(AriaRole.Row).Filter(new() { HasText = "demo-bedrock/llama3-8b" })).ToContainTextAsync("5");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("null");
        await UiScreenshots.SaveAsync(page, "virtual-models-list");

        // Edited: the stored group comes back into the form, and the change is applied in place.
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit ui-vm/sonnet" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Edit ui-vm/sonnet", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("li.vm-target").Nth(1).GetByLabel("Priority (lower first)")).ToHaveValueAsync("5");
        await page.Locator("li.vm-target").Nth(1).GetByLabel("Priority (lower first)").FillAsync("7");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Targets of ui-vm/sonnet" }).GetByRole(AriaRole.Row)
            .Filter(new() { HasText = "demo-bedrock/llama3-8b" })).ToContainTextAsync("7");

        await page.GetByRole(AriaRole.Link, new() { Name = "Playground" }).ClickAsync();
        await page.GetByLabel("Model").SelectOptionAsync("ui-vm/sonnet");
        await page.GetByLabel("Message").FillAsync("Echo through the virtual model: green kingfisher");
        await page.GetByLabel("Message").PressAsync("Enter");
        var answer = page.Locator("article.msg.assistant").Last;
        await Assertions.Expect(answer.Locator(".msg-body")).ToContainTextAsync("green kingfisher");
        await Assertions.Expect(answer.Locator(".upstream-model")).ToHaveTextAsync("anthropic.claude-3-5-sonnet-20240620-v1:0");
        await Assertions.Expect(answer.Locator(".msg-error")).ToHaveCountAsync(0);
        await UiScreenshots.SaveAsync(page, "virtual-models-playground");
    }

    [Fact]
    public async Task VirtualModel_UnknownTarget_ProblemShownNextToTheTarget()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/ui/#/virtual-models/new");
        await page.GetByLabel("Group", new() { Exact = true }).FillAsync("ui-vm-bad");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("vm");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Weight" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create virtual model" }).ClickAsync();

        var error = page.Locator("li.vm-target .field-error").First;
        await Assertions.Expect(error).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".banner.error")).ToContainTextAsync("Please fix");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New virtual model", Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Limits_AppliedInTheUiThenHitUntil429_ShownAsReachedWithItsResetTime()
    {
        const string user = "limited@example.com";
        var page = await fixture.SignedInPageAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Limits" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Limits and budgets", Level = 1 })).ToBeVisibleAsync();

        // A typo first: the problem shows next to the editor and nothing is stored.
        var editor = page.GetByLabel("Manifest (YAML or JSON)");
        await editor.FillAsync(Manifest("requests_per_hr"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Assertions.Expect(page.Locator(".status.error")).ToContainTextAsync("requests_per_hour");
        await editor.FillAsync(Manifest("requests_per_hour"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Assertions.Expect(page.Locator(".status.ok")).ToContainTextAsync("Applied");
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Rules of ui-test-limits" })).ToContainTextAsync("ui-limited-rph");

        try
        {
            var key = await UserKeyAsync(user);
            using var http = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
            http.DefaultRequestHeaders.Authorization = new("Bearer", key);
            var statuses = new List<HttpStatusCode>();
            while (statuses.Count < 5 && !statuses.Contains(HttpStatusCode.TooManyRequests))
            {
                using var chat = await http.PostAsync("/v1/chat/completions", new StringContent(
                    """{"model":"demo-bedrock/claude-3-5-sonnet","messages":[{"role":"user","content":"count me"}]}""", Encoding.UTF8, "application/json"));
                statuses.Add(chat.StatusCode);
            }

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);

            await page.GetByLabel("Subject").FillAsync("user:" + user);
            await page.GetByRole(AriaRole.Button, new() { Name = "Refresh" }).ClickAsync();
            var use = page.GetByRole(AriaRole.Table, new() { Name = "Limits that apply to user:" + user });
            var row = use.GetByRole(AriaRole.Row).Filter(new() { HasText = "ui-limited-rph" });
            await Assertions.Expect(row).ToContainTextAsync("2 of 2 requests per hour");
            await Assertions.Expect(row).ToContainTextAsync("limit reached");
            await Assertions.Expect(row.Locator("time")).ToHaveAttributeAsync("datetime", new System.Text.RegularExpressions.Regex(@"^\d{4}-\d\d-\d\dT\d\d:00:00"));
            await UiScreenshots.SaveAsync(page, "limits-reached");
        }
        finally
        {
            using var admin = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
            admin.DefaultRequestHeaders.Authorization = new("Bearer", UiFixture.AdminKey);
            using var _ = await admin.DeleteAsync("/api/v1/limits?type=gateway-rate-limiting-config&name=ui-test-limits");
        }
    }

    [Theory]
    [InlineData("#/virtual-models", "Virtual models")]
    [InlineData("#/virtual-models/new", "New virtual model")]
    [InlineData("#/limits", "Limits and budgets")]
    public async Task RoutingAndLimitsPages_At390Pixels_NoHorizontalOverflow(string route, string heading)
    {
        var page = await fixture.SignedInPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/ui/" + route);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"),
            $"{route} is wider than 390 px: {await page.EvaluateAsync<string>(UiScreenshots.WidestElementScript)}");
        await UiScreenshots.SaveAsync(page, "routing-limits-390" + route.Replace("#", "", StringComparison.Ordinal).Replace('/', '-'));
    }

    private static string Manifest(string unit) => $$"""
        name: ui-test-limits
        type: gateway-rate-limiting-config
        rules:
          - {id: ui-limited-rph, when: {subjects: [user:limited@example.com]}, limit_to: 2, unit: {{unit}}}
        """;

    private async Task<string> UserKeyAsync(string email)
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", UiFixture.AdminKey);
        using var created = await http.PostAsJsonAsync("/api/v1/personal-access-tokens", new { name = "ui-limits", user = email });
        var text = await created.Content.ReadAsStringAsync();
        Assert.True(created.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("token").GetString()!;
    }
}
