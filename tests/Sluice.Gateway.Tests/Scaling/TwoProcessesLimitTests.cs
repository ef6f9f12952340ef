using System.Net.Http.Headers;
using System.Text;
using Sluice.Bedrock.Emulator;
using Sluice.Gateway.Tests.Hosting;
using Sluice.Gateway.Tests.Limits;

namespace Sluice.Gateway.Tests.Scaling;

/// <summary>A rate limit held by two <c>sluice serve</c> processes on one PostgreSQL database and one Redis, calling the Bedrock emulator.</summary>
[Collection(TimingCollection.Name)]
public sealed class TwoProcessesLimitTests
{
    [Fact]
    public async Task Serve_TwoProcessesThreePerMinute_FourthCallRefusedWhicheverProcessTakesIt()
    {
        await using var emulator = await BedrockEmulator.StartAsync(new EmulatorOptions { Port = 0 });
        await using var redis = await RedisServer.StartAsync();
        var database = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        var dataDir = CliProcess.TempDataDir();
        Directory.CreateDirectory(dataDir);
        var config = Path.Combine(dataDir, "sluice.yaml");
        await File.WriteAllTextAsync(config, $$"""
            name: acct
            type: provider-account/aws-bedrock
            region: us-east-1
            auth_data:
              type: access-key-based
              access_key_id: AKIDEXAMPLEUSER1
              secret_access_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY1
            endpoint_url: {{emulator.RuntimeEndpointTemplate}}
            sts_endpoint_url: {{emulator.StsEndpointTemplate}}
            collaborators: [{subject: team:everyone, role_id: provider-account-access}]
            integrations:
              - {name: m1, type: integration/model/bedrock, model_id: anthropic.claude-3-5-sonnet-20240620-v1:0, model_types: [chat]}
            ---
            type: user
            name: {{TwoInstances.Alice}}
            ---
            name: rate-limits
            type: gateway-rate-limiting-config
            rules:
              - {id: three-per-minute, when: {}, limit_to: 3, unit: requests_per_minute, rate_limit_applies_per: [user]}
            """);
        string[] args = ["serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir, "--database", database, "--redis", redis.Configuration, "--config", config];
        using var first = CliProcess.Start(args);
        var firstUrl = await TwoProcessesTests.UrlAsync(first);
        using var second = CliProcess.Start(args);
        var secondUrl = await TwoProcessesTests.UrlAsync(second);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "cli-test-admin-token");
        var key = await TwoProcessesTests.CreateKeyAsync(http, firstUrl);
        await TwoProcessesTests.AcceptedAsync(secondUrl, key);
        await RedisLimitTests.AwayFromAMinuteBoundaryAsync();

        var answers = new List<HttpResponseMessage>();
        foreach (var url in new[] { firstUrl, secondUrl, firstUrl, secondUrl, firstUrl })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url + "/v1/chat/completions")
            {
                Content = new StringContent("""{"model":"acct/m1","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            answers.Add(await http.SendAsync(request));
        }

        var statuses = answers.Select(a => (int)a.StatusCode).ToList();
        var retryAfter = answers.Skip(3).Select(a => a.Headers.RetryAfter?.Delta?.TotalSeconds ?? -1).ToList();
        first.Dispose();
        second.Dispose();
        try
        {
            Directory.Delete(dataDir, recursive: true);
        }
        catch (IOException)
        {
        }

        Assert.True(statuses.SequenceEqual([200, 200, 200, 429, 429]), string.Join(",", statuses) + "\n" + await answers[0].Content.ReadAsStringAsync());
        Assert.All(retryAfter, s => Assert.InRange(s, 1, 60));
        foreach (var a in answers) a.Dispose();
    }
}
