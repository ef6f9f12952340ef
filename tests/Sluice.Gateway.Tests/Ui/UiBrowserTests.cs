using Microsoft.Playwright;

namespace Sluice.Gateway.Tests.Ui;

/// <summary>The web UI in headless Chromium against the real gateway and the Bedrock emulator.</summary>
[Collection(UiCollection.Name)]
public sealed class UiBrowserTests(UiFixture fixture)
{
    [Fact]
    public async Task SignIn_WithApiKey_ShowsPlaygroundAndAdminNavigation()
    {
        var page = await SignedInPageAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Playground", Level = 1 })).ToBeVisibleAsync();
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Provider accounts" })).ToBeVisibleAsync();
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Usage" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SignIn_WithWrongApiKey_ShowsTheGatewaysMessage()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/ui/");
        await RevealKeyFormAsync(page);
        await page.GetByLabel("API key").FillAsync("not-a-real-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with API key" }).ClickAsync();

        var alert = page.Locator(".card [role=alert]");
        await Assertions.Expect(alert).ToBeVisibleAsync();
        await Assertions.Expect(alert).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Sluice" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Playground_StreamingChat_RendersEchoedAnswerWithUpstreamRegionAndUsage()
    {
        var page = await SignedInPageAsync();
        await page.GetByLabel("Model").SelectOptionAsync("demo-bedrock/claude-3-5-sonnet");
        await Assertions.Expect(page.GetByLabel("Stream the answer")).ToBeCheckedAsync();

        await page.GetByLabel("Message").FillAsync("Echo this, please: blue heron");
        await page.GetByLabel("Message").PressAsync("Enter");

        var answer = page.Locator("article.msg.assistant").Last;
        await Assertions.Expect(answer.Locator(".msg-body")).ToContainTextAsync("blue heron");
        await Assertions.Expect(answer.Locator(".upstream-region")).ToHaveTextAsync("us-east-1");
        await Assertions.Expect(answer.Locator(".upstream-model")).ToHaveTextAsync("anthropic.claude-3-5-sonnet-20240620-v1:0");
        await Assertions.Expect(answer.Locator(".usage")).ToContainTextAsync("out tokens");
        await Assertions.Expect(answer.Locator(".request-id")).Not.ToBeEmptyAsync();
        await Assertions.Expect(answer.Locator(".msg-error")).ToHaveCountAsync(0);

        // A second turn, without streaming, on the model served from another region.
        await page.GetByLabel("Stream the answer").UncheckAsync();
        await page.GetByLabel("Model").SelectOptionAsync("demo-bedrock/llama3-8b");
        await page.GetByLabel("Message").FillAsync("And now a second turn");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        var second = page.Locator("article.msg.assistant").Nth(1);
        await Assertions.Expect(second.Locator(".msg-body")).ToContainTextAsync("second turn");
        await Assertions.Expect(second.Locator(".upstream-region")).ToHaveTextAsync("us-west-2");

        await page.ScreenshotAsync(new() { Path = "/tmp/sluice-ui-playground.png", FullPage = true });
    }

    [Fact]
    public async Task Playground_AttachedImage_IsSentWithTheMessageAndAnswered()
    {
        var page = await SignedInPageAsync();
        await page.GetByLabel("Model").SelectOptionAsync("demo-bedrock/claude-3-5-sonnet");
        await page.Locator("#pg-image").SetInputFilesAsync(new FilePayload
        {
            Name = "dot.png",
            MimeType = "image/png",
            Buffer = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="),
        });
        await Assertions.Expect(page.GetByAltText("Attached: dot.png")).ToBeVisibleAsync();
        await page.GetByLabel("Message").FillAsync("Describe this picture");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        await Assertions.Expect(page.Locator("article.msg.user img.msg-image")).ToHaveCountAsync(1);
        var answer = page.Locator("article.msg.assistant").Last;
        await Assertions.Expect(answer.Locator(".request-id")).Not.ToBeEmptyAsync();
        await Assertions.Expect(answer.Locator(".msg-error")).ToHaveCountAsync(0);
        await Assertions.Expect(answer.Locator(".msg-body")).ToContainTextAsync("Describe this picture");
    }

    [Fact]
    public async Task Playground_TemperatureAboveOne_ShowsTheOpenAiErrorMessage()
    {
        var page = await SignedInPageAsync();
        await page.GetByLabel("Model").SelectOptionAsync("demo-bedrock/claude-3-5-sonnet");
        await page.GetByLabel("Temperature").FillAsync("1.5");
        await page.GetByLabel("Message").FillAsync("Hello");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        var error = page.Locator("article.msg.assistant .msg-error");
        await Assertions.Expect(error).ToContainTextAsync("temperature");
    }

    [Fact]
    public async Task Accounts_CreateWithCatalogueModels_ListsTheAccountAndItsModels()
    {
        var page = await SignedInPageAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Provider accounts" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New account" }).ClickAsync();

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("ui-made");
        await page.GetByLabel("Region", new() { Exact = true }).FillAsync("us-east-1");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Bedrock API key" }).CheckAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Bedrock API key" }).FillAsync("ABSKexampleexampleexample");
        await page.GetByLabel("Claude 3.5 Sonnet · Anthropic", new() { Exact = false }).First.CheckAsync();

        // A model us-east-1 serves only through an inference profile: the catalogue's advice shows, and the
        // profile ID is what gets stored.
        var sonnet45 = page.Locator("li.cat-item", new() { Has = page.GetByText("Claude Sonnet 4.5", new() { Exact = true }) });
        await sonnet45.Locator("input[type=checkbox]").CheckAsync();
        await Assertions.Expect(sonnet45.Locator(".advice")).ToContainTextAsync("us.anthropic.claude-sonnet-4-5-20250929-v1:0");
        await page.GetByLabel("Select all embedding models").CheckAsync();
        var models = page.GetByRole(AriaRole.List, new() { Name = "Models to save" });
        await Assertions.Expect(models).ToContainTextAsync("us.anthropic.claude-sonnet-4-5-20250929-v1:0");
        await Assertions.Expect(models).ToContainTextAsync("amazon.titan-embed-text-v2:0");
        await page.ScreenshotAsync(new() { Path = "/tmp/sluice-ui-account-form.png", FullPage = true });

        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "ui-made", Level = 1 })).ToBeVisibleAsync();
        var table = page.GetByRole(AriaRole.Table, new() { Name = "Models of ui-made" });
        await Assertions.Expect(table).ToContainTextAsync("ui-made/claude-3.5-sonnet");
        await Assertions.Expect(table).ToContainTextAsync("us.anthropic.claude-sonnet-4-5-20250929-v1:0");
        await page.ScreenshotAsync(new() { Path = "/tmp/sluice-ui-account.png", FullPage = true });

        await page.GetByRole(AriaRole.Link, new() { Name = "Provider accounts" }).First.ClickAsync();
        var list = page.GetByRole(AriaRole.Table, new() { Name = "Provider accounts" });
        await Assertions.Expect(list.GetByRole(AriaRole.Link, new() { Name = "ui-made" })).ToBeVisibleAsync();
        await Assertions.Expect(list.GetByRole(AriaRole.Link, new() { Name = "demo-bedrock" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = "/tmp/sluice-ui-accounts.png", FullPage = true });
    }

    [Fact]
    public async Task Accounts_UnknownRegion_ShowsTheProblemNextToTheRegionField()
    {
        var page = await SignedInPageAsync();
        await page.GotoAsync("/ui/#/accounts/new");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("typo-account");
        await page.GetByLabel("Region", new() { Exact = true }).FillAsync("us-est-1");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Bedrock API key" }).CheckAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Bedrock API key" }).FillAsync("ABSKexampleexampleexample");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        var regionError = page.Locator(".field[data-path=region] .field-error");
        await Assertions.Expect(regionError).ToContainTextAsync("us-est-1");
        await Assertions.Expect(regionError).ToContainTextAsync("us-east-1");
        await Assertions.Expect(page.GetByLabel("Region", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator(".field[data-path=name] .field-error")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = "/tmp/sluice-ui-validation.png" });
    }

    [Fact]
    public async Task Account_TestConnectionWithApiKey_NeutralUntilCheckedWithAModelCall()
    {
        var page = await SignedInPageAsync();
        await page.GotoAsync("/ui/#/accounts/demo-bedrock");
        await page.GetByRole(AriaRole.Button, new() { Name = "Test connection" }).ClickAsync();

        // An API key is not checked until a model is called: no green "works" for that.
        var neutral = page.Locator(".status.neutral");
        await Assertions.Expect(neutral).ToContainTextAsync("Not checked");
        await Assertions.Expect(neutral).ToContainTextAsync("can only be checked by calling a model");
        await Assertions.Expect(page.Locator(".status.ok")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = "/tmp/sluice-ui-not-checked.png" });

        await neutral.GetByRole(AriaRole.Button, new() { Name = "Check with a model call" }).ClickAsync();
        var ok = page.Locator(".status.ok");
        await Assertions.Expect(ok).ToContainTextAsync("Connection works");
        await Assertions.Expect(ok).ToContainTextAsync("demo-bedrock/claude-3-5-sonnet");
        await Assertions.Expect(ok).ToContainTextAsync("Converse");
    }

    [Fact]
    public async Task Account_EditAndAddModelByHand_KeepsTheStoredSecret()
    {
        var page = await SignedInPageAsync();
        await page.GotoAsync("/ui/#/accounts/demo-bedrock/edit");
        var secret = page.GetByRole(AriaRole.Textbox, new() { Name = "Bedrock API key" });
        await Assertions.Expect(secret).ToHaveAttributeAsync("placeholder", "Stored (leave blank to keep)");
        await Assertions.Expect(secret).ToHaveValueAsync("");

        await page.GetByText("Add a model by hand").ClickAsync();
        await page.GetByLabel("Model ID, profile ID or ARN").FillAsync("mistral.mistral-large-2402-v1:0");
        await page.GetByLabel("Name (optional)").FillAsync("mistral-large");
        await page.GetByLabel("Private cost per 1000 input tokens (USD, optional)").FillAsync("0.008");
        await page.GetByLabel("Private cost per 1000 output tokens").FillAsync("0.024");
        await page.GetByLabel("drop_params", new() { Exact = false }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add model" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Models to save" })).ToContainTextAsync("mistral-large");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();

        var table = page.GetByRole(AriaRole.Table, new() { Name = "Models of demo-bedrock" });
        var added = table.GetByRole(AriaRole.Row).Filter(new() { HasText = "demo-bedrock/mistral-large" });
        await Assertions.Expect(added).ToContainTextAsync("0.008 in / 0.024 out");
        await Assertions.Expect(added).ToContainTextAsync("drop_params");
        await Assertions.Expect(table.GetByRole(AriaRole.Row).Filter(new() { HasText = "demo-bedrock/claude-3-5-sonnet" })).Not.ToContainTextAsync("drop_params");
        await Assertions.Expect(table).ToContainTextAsync("demo-bedrock/claude-3-5-sonnet");

        // The emulator accepts only its own API key: a working model call proves the blank field kept the secret.
        await page.GetByRole(AriaRole.Button, new() { Name = "Test connection" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Check with a model call" }).ClickAsync();
        await Assertions.Expect(page.Locator(".status.ok")).ToContainTextAsync("Connection works");
    }

    [Fact]
    public async Task Models_Page_ListsCallableModelsWithTheirTypes()
    {
        var page = await SignedInPageAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Models", Exact = true }).ClickAsync();

        var embed = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "demo-bedrock/titan-embed" });
        await Assertions.Expect(embed).ToContainTextAsync("Embeddings");
        await Assertions.Expect(embed).ToContainTextAsync("amazon.titan-embed-text-v2:0");
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "demo-bedrock/claude-3-5-sonnet" })).ToContainTextAsync("Chat");
    }

    [Fact]
    public async Task Usage_AfterAChat_ShowsTheCallWithItsCost()
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", UiFixture.AdminKey);
        using var chat = await http.PostAsync("/v1/chat/completions", new StringContent(
            """{"model":"demo-bedrock/claude-3-5-sonnet","messages":[{"role":"user","content":"usage please"}]}""",
            System.Text.Encoding.UTF8, "application/json"));
        Assert.True(chat.IsSuccessStatusCode, await chat.Content.ReadAsStringAsync());
        var requestId = chat.Headers.GetValues("x-request-id").Single();
        await WaitForUsageAsync(http, requestId);

        var page = await SignedInPageAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Usage" }).ClickAsync();

        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = requestId });
        await Assertions.Expect(row).ToContainTextAsync("demo-bedrock/claude-3-5-sonnet");
        await Assertions.Expect(row).ToContainTextAsync("$0.");
        await page.ScreenshotAsync(new() { Path = "/tmp/sluice-ui-usage.png" });
    }

    // Usage is written in the background in batches; the page shows what is stored.
    private static async Task WaitForUsageAsync(HttpClient http, string requestId)
    {
        for (var i = 0; i < 100; i++)
        {
            if ((await http.GetStringAsync("/api/v1/usage?limit=50")).Contains(requestId, StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"usage record {requestId} was not stored within 10 s");
    }

    private Task<IPage> SignedInPageAsync() => fixture.SignedInPageAsync();

    private static Task RevealKeyFormAsync(IPage page) => UiFixture.RevealKeyFormAsync(page);
}
