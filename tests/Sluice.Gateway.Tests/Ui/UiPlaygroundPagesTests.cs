using System.Text.Json;
using Microsoft.Playwright;

namespace Sluice.Gateway.Tests.Ui;

/// <summary>
/// The README's quick start on the demo configuration, the Playground's tabs (chat with cost and time to first token,
/// code, embeddings, images) and the Models page, in headless Chromium.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class UiPlaygroundPagesTests(UiFixture browser, UiDemoFixture demo) : IClassFixture<UiDemoFixture>
{
    private const string Claude = "demo-bedrock/claude-3-5-sonnet";

    [Fact]
    public async Task Readme_DemoQuickStart_StreamedAnswerShowsItsCostAndTimeToFirstToken()
    {
        // README, "The web UI": open the printed URL, sign in with the demo's key, the Playground opens.
        var page = await demo.SignedInPageAsync(browser.Browser, demo.DemoKey);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Playground", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Model")).ToHaveValueAsync(Claude); // "Leave Model on ..."
        await Assertions.Expect(page.GetByLabel("Stream the answer")).ToBeCheckedAsync();
        await page.GetByLabel("Message").FillAsync("Hello! Please echo: green kingfisher");
        await page.GetByLabel("Message").PressAsync("Enter");

        var answer = page.Locator("article.msg.assistant").Last;
        await Assertions.Expect(answer.Locator(".msg-body")).ToContainTextAsync("green kingfisher");
        await Assertions.Expect(answer.Locator(".ttft")).ToContainTextAsync(" ms");
        await Assertions.Expect(answer.Locator(".latency")).ToContainTextAsync(" ms");
        // The cost is the gateway's, from the call's usage record: the same figure the Usage page shows.
        var requestId = await answer.Locator(".request-id").InnerTextAsync();
        var recorded = await RecordedCostAsync(requestId);
        await Assertions.Expect(answer.Locator(".cost")).ToHaveTextAsync("Cost " + Usd(recorded));
        await UiScreenshots.SaveAsync(page, "readme-quickstart-streamed-answer");
    }

    [Fact]
    public async Task Playground_CodeTab_SnippetsNameTheModelAndThisGateway()
    {
        var page = await demo.SignedInPageAsync(browser.Browser, demo.DemoKey);
        await page.GetByLabel("Model").SelectOptionAsync(Claude);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Code" }).ClickAsync();

        var snippets = page.Locator("pre[data-snippet]");
        await Assertions.Expect(snippets).ToHaveCountAsync(7); // curl, Python, JavaScript, C#; Anthropic curl, Python, JavaScript
        foreach (var snippet in await snippets.AllAsync())
        {
            await Assertions.Expect(snippet).ToContainTextAsync(Claude);
            await Assertions.Expect(snippet).ToContainTextAsync(demo.BaseUrl);
        }

        await Assertions.Expect(page.Locator("pre[data-snippet=python]")).ToContainTextAsync($"base_url=\"{demo.BaseUrl}/v1\"");
        await Assertions.Expect(page.Locator("pre[data-snippet=anthropic-python]")).ToContainTextAsync($"base_url=\"{demo.BaseUrl}\"");
        await Assertions.Expect(page.Locator("pre[data-snippet=csharp]")).ToContainTextAsync("new ChatClient(\"" + Claude + "\"");
        await UiScreenshots.SaveAsync(page, "playground-code-claude");

        // A model that is not Claude gets no Anthropic SDK snippet.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Chat" }).ClickAsync();
        await page.GetByLabel("Model").SelectOptionAsync("demo-bedrock/llama3-8b");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Code" }).ClickAsync();
        await Assertions.Expect(snippets).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("pre[data-snippet=curl]")).ToContainTextAsync("demo-bedrock/llama3-8b");
    }

    [Fact]
    public async Task Playground_EmbeddingsTab_ShowsVectorsAndTheirCost()
    {
        var page = await demo.SignedInPageAsync(browser.Browser, demo.DemoKey);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Embeddings" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Embedding model")).ToHaveValueAsync("demo-bedrock/titan-embed");
        await page.GetByLabel("Text to embed").FillAsync("first line\nsecond line");
        await page.GetByRole(AriaRole.Button, new() { Name = "Embed" }).ClickAsync();

        await Assertions.Expect(page.Locator("ol.vectors li")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("ol.vectors li").First).ToContainTextAsync("first line");
        await Assertions.Expect(page.Locator("ol.vectors li").First).ToContainTextAsync("dimensions");
        var requestId = await page.Locator(".result-meta .request-id").InnerTextAsync();
        await Assertions.Expect(page.Locator(".result-meta .cost")).ToHaveTextAsync("Cost " + Usd(await RecordedCostAsync(requestId)));
        await UiScreenshots.SaveAsync(page, "playground-embeddings");
    }

    [Fact]
    public async Task Playground_ImagesTab_ShowsTheGeneratedImageAndItsCost()
    {
        var page = await demo.SignedInPageAsync(browser.Browser, demo.DemoKey);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Images" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Image model")).ToHaveValueAsync("demo-bedrock/titan-image");
        await page.GetByLabel("Image prompt").FillAsync("A lighthouse at dawn");
        await Assertions.Expect(page.GetByLabel("Size")).ToHaveValueAsync("1024x1024"); // a size the catalogue prices
        await page.GetByRole(AriaRole.Button, new() { Name = "Generate" }).ClickAsync();

        var image = page.GetByAltText("Generated image 1 of 1 for: A lighthouse at dawn");
        await Assertions.Expect(image).ToBeVisibleAsync();
        Assert.True(await image.EvaluateAsync<int>("img => img.naturalWidth") > 0, "the generated image did not decode");
        var requestId = await page.Locator(".result-meta .request-id").InnerTextAsync();
        await Assertions.Expect(page.Locator(".result-meta .cost")).ToHaveTextAsync("Cost " + Usd(await RecordedCostAsync(requestId)));
        await UiScreenshots.SaveAsync(page, "playground-images");
    }

    [Fact]
    public async Task Playground_StopJsonModeAndTools_AreSentAndBadToolsJsonIsShown()
    {
        var page = await demo.SignedInPageAsync(browser.Browser, demo.DemoKey);
        await page.GetByLabel("Model").SelectOptionAsync(Claude);
        await page.GetByText("Stop, JSON mode, tools").ClickAsync();
        var tools = page.GetByLabel("Tools (JSON)");
        await tools.FillAsync("[{not json");
        await page.GetByLabel("Message").FillAsync("What is the weather in Paris?");
        await page.GetByLabel("Message").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#pg-tools-error")).ToContainTextAsync("not valid JSON");
        await Assertions.Expect(tools).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("article.msg")).ToHaveCountAsync(0);

        await tools.FillAsync("""[{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}]""");
        await page.GetByLabel("Stop sequences").FillAsync("END\nSTOP");
        await page.GetByLabel("JSON mode (response_format json_object)").CheckAsync();
        var request = await page.RunAndWaitForRequestAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync(),
            r => r.Url.EndsWith("/v1/chat/completions", StringComparison.Ordinal));

        var body = request.PostDataJSON()!.Value;
        Assert.Equal("get_weather", body.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString());
        Assert.Equal(["END", "STOP"], body.GetProperty("stop").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("json_object", body.GetProperty("response_format").GetProperty("type").GetString());
        await Assertions.Expect(page.Locator("article.msg.assistant[aria-busy]")).ToHaveCountAsync(0);
        await UiScreenshots.SaveAsync(page, "playground-tools");
    }

    [Fact]
    public async Task Models_PriceCapabilitiesAndCode_ForEachCallableModel()
    {
        var page = await demo.SignedInPageAsync(browser.Browser, demo.DemoKey);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Models", Exact = true }).ClickAsync();

        var table = page.GetByRole(AriaRole.Table, new() { Name = "Callable models" });
        await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(6);
        var claude = table.Locator($"tr[data-model='{Claude}']");
        await Assertions.Expect(claude.Locator(".model-price")).ToContainTextAsync("out per 1M tokens");
        await Assertions.Expect(claude.Locator(".model-caps")).ToContainTextAsync("streaming");
        await Assertions.Expect(claude.Locator(".model-caps")).ToContainTextAsync("tools");
        await Assertions.Expect(table.Locator("tr[data-model='demo-bedrock/titan-image'] .model-price")).ToContainTextAsync("per image");

        await page.GetByRole(AriaRole.Button, new() { Name = "Show code for demo-bedrock/titan-image" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Code for demo-bedrock/titan-image" })).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("pre[data-snippet=curl]")).ToContainTextAsync(demo.BaseUrl + "/v1/images/generations");
        await UiScreenshots.SaveAsync(page, "models");
    }

    // The cost the gateway recorded for the call, as the demo user reads it from the admin API.
    private async Task<decimal> RecordedCostAsync(string requestId)
    {
        using var http = new HttpClient { BaseAddress = new Uri(demo.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", demo.DemoKey);
        for (var i = 0; i < 50; i++)
        {
            using var doc = JsonDocument.Parse(await http.GetStringAsync("/api/v1/usage?request_id=" + requestId));
            var data = doc.RootElement.GetProperty("data");
            if (data.GetArrayLength() > 0) return data[0].GetProperty("cost_usd").GetDecimal();
            await Task.Delay(200); // the usage writer batches about once a second; no event to await from outside the host
        }

        throw new TimeoutException($"No usage record for {requestId}.");
    }

    // dom.js formatUsd: up to 6 decimals below a cent, 4 above, trailing zeros dropped; under half a millionth, "< $0.000001".
    private static string Usd(decimal value) =>
        value == 0 ? "$0" : value < 0.0000005m ? "< $0.000001" : "$" + (value < 0.01m ? value.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture) : value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture));
}
