using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sluice.Gateway.Tests.Hosting;

namespace Sluice.Gateway.Tests.Scaling;

/// <summary>Two <c>sluice serve</c> processes started as an operator would, with <c>--database</c> (PostgreSQL) and <c>--redis</c>.</summary>
[Collection(TimingCollection.Name)]
public sealed class TwoProcessesTests
{
    [Fact]
    public async Task Serve_TwoProcessesOnPostgresAndRedis_KeyCreatedOnFirstWorksOnSecondWithinASecond()
    {
        await using var redis = await RedisServer.StartAsync();
        var database = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        // One data directory: both processes read the same master.key (SQLite is not used with --database).
        var dataDir = CliProcess.TempDataDir();
        string[] args = ["serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir, "--database", database, "--redis", redis.Configuration];
        using var first = CliProcess.Start(args);
        var firstUrl = await UrlAsync(first);
        using var second = CliProcess.Start(args);
        var secondUrl = await UrlAsync(second);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "cli-test-admin-token");

        using var applied = await http.PostAsync(firstUrl + "/api/v1/apply", new StringContent(TwoInstances.Manifest("m1"), Encoding.UTF8, "application/yaml"));
        // The first key warms the second process up (its first rebuild after start); the second key is timed.
        await AcceptedAsync(secondUrl, await CreateKeyAsync(http, firstUrl));
        var key = await CreateKeyAsync(http, firstUrl);
        var took = await AcceptedAsync(secondUrl, key);
        var ready = await new HttpClient().GetStringAsync(secondUrl + "/readyz");
        first.Dispose();
        second.Dispose();
        try
        {
            Directory.Delete(dataDir, recursive: true);
        }
        catch (IOException)
        {
        }

        Assert.True(applied.IsSuccessStatusCode, await applied.Content.ReadAsStringAsync());
        Assert.True(took < TimeSpan.FromSeconds(1), $"the second process accepted the key after {took.TotalMilliseconds:F0} ms");
        Assert.True(ready.Contains("\"redis\":\"connected\"", StringComparison.Ordinal), ready + "\n" + second.Stdout);
        Assert.DoesNotContain("master key differs", first.Stdout + second.Stdout, StringComparison.Ordinal);
    }

    internal static async Task<string> CreateKeyAsync(HttpClient http, string url)
    {
        using var created = await http.PostAsync(url + "/api/v1/personal-access-tokens",
            new StringContent($$"""{"name":"k","user":"{{TwoInstances.Alice}}"}""", Encoding.UTF8, "application/json"));
        return JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
    }

    internal static async Task<TimeSpan> AcceptedAsync(string url, string key)
    {
        var clock = Stopwatch.StartNew();
        while (!await ListsModelAsync(url, key))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the second process never accepted the key");
            await Task.Delay(20);
        }

        return clock.Elapsed;
    }

    internal static async Task<string> UrlAsync(CliProcess cli)
    {
        var listening = await cli.WaitForLineAsync(l => l.StartsWith("Sluice gateway listening on ", StringComparison.Ordinal));
        return Regex.Match(listening, @"http://127\.0\.0\.1:\d+").Value;
    }

    private static async Task<bool> ListsModelAsync(string url, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url + "/v1/models");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var client = new HttpClient();
        using var response = await client.SendAsync(request);
        return response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains("acct/m1", StringComparison.Ordinal);
    }
}
