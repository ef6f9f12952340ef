using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Sluice.Gateway.Tests.Ui;

/// <summary>
/// The Usage page after real traffic on the demo configuration: charts and their data, grouping, filters, one
/// request's detail, CSV export, a user's own view; and every page of this area at 390 px, with axe.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class UiUsagePagesTests(UiFixture browser, UiDemoFixture demo) : IClassFixture<UiDemoFixture>
{
    private const string CostChart = "document.getElementById('usage-cost-chart')";
    private const string TokenChart = "document.getElementById('usage-token-chart')";

    [Fact]
    public async Task Usage_AfterTraffic_ChartsGroupingFilterDetailAndCsv()
    {
        var ids = await TrafficAsync();
        var page = await demo.SignedInPageAsync(browser.Browser, UiDemoFixture.AdminKey);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Usage" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Usage", Level = 1 })).ToBeVisibleAsync();

        // The charts hold what the gateway summed: every model called, and all of the tokens.
        await page.WaitForFunctionAsync($"() => window.Chart?.getChart({TokenChart})?.data.datasets.length >= 4");
        var labels = await page.EvaluateAsync<string[]>($"() => Chart.getChart({TokenChart}).data.datasets.map(d => d.label)");
        Assert.Contains("demo-bedrock/claude-3-5-sonnet", labels);
        Assert.Contains("demo-bedrock/llama3-8b", labels);
        Assert.Contains("demo-bedrock/nova-lite", labels);
        Assert.Contains("demo-bedrock/titan-embed", labels);
        var chartTokens = await page.EvaluateAsync<long>($"() => Chart.getChart({TokenChart}).data.datasets.flatMap(d => d.data).reduce((a, b) => a + b, 0)");
        var total = await SummaryAsync(UiDemoFixture.AdminKey, "");
        Assert.Equal(total.GetProperty("prompt_tokens").GetInt64() + total.GetProperty("completion_tokens").GetInt64(), chartTokens);
        var chartCost = await page.EvaluateAsync<decimal>($"() => Chart.getChart({CostChart}).data.datasets.flatMap(d => d.data).reduce((a, b) => a + b, 0)");
        Assert.Equal(total.GetProperty("cost_usd").GetDecimal(), chartCost, 9);
        Assert.True(await page.EvaluateAsync<bool>($"() => {{ const c = {CostChart}; return c.width > 0 && c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some(v => v !== 0); }}"),
            "the cost chart's canvas was not drawn");
        var totals = page.GetByRole(AriaRole.Table, new() { Name = "Totals by model" });
        await Assertions.Expect(totals.GetByRole(AriaRole.Rowheader)).ToHaveCountAsync(labels.Length);
        await UiScreenshots.SaveAsync(page, "usage-by-model");

        // Grouping by user: one series per caller.
        await page.GetByLabel("Group by").SelectOptionAsync("user");
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Totals by user" })).ToContainTextAsync("user:demo@example.com");
        var users = await page.EvaluateAsync<string[]>($"() => Chart.getChart({CostChart}).data.datasets.map(d => d.label)");
        Assert.Contains("user:demo@example.com", users);
        Assert.Equal(2, users.Length);
        await UiScreenshots.SaveAsync(page, "usage-by-user");

        // A filter: only the one call to llama3-8b is left in the log.
        await page.GetByLabel("Model", new() { Exact = true }).SelectOptionAsync("demo-bedrock/llama3-8b");
        var rows = page.Locator("table.usage-log tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-request-id", ids.Llama);
        await page.GetByLabel("Model", new() { Exact = true }).SelectOptionAsync("");
        await page.GetByLabel("Status").SelectOptionAsync("error");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-request-id", ids.Failed);
        await page.GetByLabel("Status").SelectOptionAsync("");
        await Assertions.Expect(rows).ToHaveCountAsync(ids.All.Length);

        // One request's detail: tokens by kind, cost and how it was priced, timing, target and attempts.
        var row = page.Locator($"table.usage-log tr[data-request-id='{ids.Streamed}']");
        await row.GetByRole(AriaRole.Button).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog.GetByRole(AriaRole.Heading, new() { Name = "Request " + ids.Streamed })).ToBeVisibleAsync();
        await Assertions.Expect(dialog.Locator(".detail-cost")).ToContainTextAsync("$");
        await Assertions.Expect(dialog.Locator(".detail-priced")).ToContainTextAsync("Public");
        await Assertions.Expect(dialog.Locator(".detail-region")).ToHaveTextAsync("us-east-1");
        await Assertions.Expect(dialog.Locator(".detail-upstream")).ToHaveTextAsync("anthropic.claude-3-5-sonnet-20240620-v1:0");
        await Assertions.Expect(dialog.Locator(".detail-attempts")).ToHaveTextAsync("1");
        await Assertions.Expect(dialog.Locator(".detail-ttft")).ToContainTextAsync(" ms");
        await Assertions.Expect(dialog).ToContainTextAsync("Cache read");
        await UiScreenshots.SaveAsync(page, "usage-request-detail");
        var axe = await page.RunAxe();
        Assert.Empty(axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => v.Id));
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(row.GetByRole(AriaRole.Button)).ToBeFocusedAsync();

        // CSV export: the same records the log shows.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download calls (CSV)" }).ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.StartsWith("request_id,timestamp,principal,model,account,", csv);
        foreach (var id in ids.All) Assert.Contains(id + ",", csv);
        Assert.EndsWith(".csv", download.SuggestedFilename);
    }

    [Fact]
    public async Task Usage_SignedInUser_SeesOnlyTheirOwnCalls()
    {
        await TrafficAsync();
        var page = await demo.SignedInPageAsync(browser.Browser, demo.DemoKey);
        await page.GotoAsync("/ui/#/usage");

        await Assertions.Expect(page.GetByText("Your own calls.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("User", new() { Exact = true })).ToHaveCountAsync(0);
        var own = (await RecordsAsync(demo.DemoKey)).Select(r => r.GetProperty("request_id").GetString()).ToList();
        var rows = page.Locator("table.usage-log tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(Math.Min(own.Count, 50));
        var shown = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.requestId)");
        Assert.All(shown, id => Assert.Contains(id, own));
        await page.WaitForFunctionAsync($"() => window.Chart?.getChart({CostChart})?.data.datasets.length > 0");
        Assert.DoesNotContain("demo-bedrock/nova-lite", await page.EvaluateAsync<string[]>($"() => Chart.getChart({CostChart}).data.datasets.map(d => d.label)"));
        await UiScreenshots.SaveAsync(page, "usage-own-calls");
    }

    [Fact]
    public async Task Pages_At390Px_FitTheScreenAndPassAxe()
    {
        await TrafficAsync();
        var page = await demo.SignedInPageAsync(browser.Browser, UiDemoFixture.AdminKey, width: 390);
        (string Route, string Heading, string Name)[] pages =
        [
            ("#/playground", "Playground", "playground"), ("#/playground?tab=code", "Playground", "playground-code"),
            ("#/playground?tab=embeddings", "Playground", "playground-embeddings"), ("#/playground?tab=images", "Playground", "playground-images"),
            ("#/models", "Models", "models"), ("#/usage", "Usage", "usage"),
        ];
        var problems = new List<string>();
        foreach (var (route, heading, name) in pages)
        {
            await page.GotoAsync("/ui/" + route);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            if (overflow > 0) problems.Add($"{route}: the page is {overflow} px wider than the screen");
            problems.AddRange((await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{route}: {v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}"));
            await UiScreenshots.SaveAsync(page, "390px-" + name);
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private sealed record Traffic(string Streamed, string Llama, string Failed, string[] All);

    // Calls of each kind, by the demo user and the admin, made once for the tests of this class; waits until they are recorded.
    private Task<Traffic> TrafficAsync() => demo.OnceAsync(MakeTrafficAsync);

    private async Task<Traffic> MakeTrafficAsync()
    {
        var streamed = await CallAsync(demo.DemoKey, "/v1/chat/completions", new { model = "demo-bedrock/claude-3-5-sonnet", stream = true, messages = new[] { new { role = "user", content = "usage one" } } });
        var plain = await CallAsync(demo.DemoKey, "/v1/chat/completions", new { model = "demo-bedrock/claude-3-5-sonnet", messages = new[] { new { role = "user", content = "usage two" } } });
        var llama = await CallAsync(demo.DemoKey, "/v1/chat/completions", new { model = "demo-bedrock/llama3-8b", messages = new[] { new { role = "user", content = "usage three" } } });
        var embed = await CallAsync(demo.DemoKey, "/v1/embeddings", new { model = "demo-bedrock/titan-embed", input = "usage four" });
        var nova = await CallAsync(UiDemoFixture.AdminKey, "/v1/chat/completions", new { model = "demo-bedrock/nova-lite", messages = new[] { new { role = "user", content = "usage five" } } });
        // Bedrock refuses this system prompt (a reserved word): a failed call with a usage record of its own.
        var failed = await CallAsync(demo.DemoKey, "/v1/messages", new { model = "demo-bedrock/claude-3-5-sonnet", max_tokens = 50, system = "x-anthropic-billing-header: x", messages = new[] { new { role = "user", content = "usage six" } } }, expectOk: false);
        string[] all = [streamed, plain, llama, embed, nova, failed];
        for (var i = 0; i < 50; i++)
        {
            var recorded = (await RecordsAsync(UiDemoFixture.AdminKey)).Select(r => r.GetProperty("request_id").GetString()).ToHashSet();
            if (all.All(recorded.Contains)) return new Traffic(streamed, llama, failed, all);

            await Task.Delay(200); // the usage writer batches about once a second; no event to await from outside the host
        }

        throw new TimeoutException("The calls were not recorded.");
    }

    private async Task<string> CallAsync(string key, string path, object body, bool expectOk = true)
    {
        using var http = Client(key);
        http.DefaultRequestHeaders.Add("anthropic-version", "2023-06-01");
        using var response = await http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode == expectOk, $"{path}: {(int)response.StatusCode} {text}");
        return response.Headers.GetValues("x-request-id").Single();
    }

    private async Task<List<JsonElement>> RecordsAsync(string key)
    {
        using var http = Client(key);
        using var doc = JsonDocument.Parse(await http.GetStringAsync("/api/v1/usage?limit=1000"));
        return doc.RootElement.GetProperty("data").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private async Task<JsonElement> SummaryAsync(string key, string query)
    {
        using var http = Client(key);
        using var doc = JsonDocument.Parse(await http.GetStringAsync("/api/v1/usage/summary?" + query));
        return doc.RootElement.GetProperty("data")[0].Clone();
    }

    private HttpClient Client(string key)
    {
        var http = new HttpClient { BaseAddress = new Uri(demo.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return http;
    }
}
