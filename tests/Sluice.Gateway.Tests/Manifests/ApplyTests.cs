using Sluice.Gateway.Tests.Hosting;
using Sluice.Gateway.Tests.Scaling;

namespace Sluice.Gateway.Tests.Manifests;

public sealed class ApplyTests
{
    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task Apply_YamlMultiDocTwice_SecondIsUnchanged(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);

        var first = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", TestManifests.Account, "application/yaml");
        var second = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", TestManifests.Account, "application/x-yaml");

        Assert.Equal(200, first.Status);
        Assert.Equal(["created", "created", "created"], Statuses(first.Body));
        Assert.Equal(200, second.Status);
        Assert.Equal(["unchanged", "unchanged", "unchanged"], Statuses(second.Body));
        Assert.True(host.Snapshots.Current.Models.ContainsKey("acct-one/claude-3-5-sonnet"));
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task Apply_OmittedSecret_KeepsStoredValue(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);
        await host.SendAsync(HttpMethod.Post, "/api/v1/apply", TestManifests.Account, "application/yaml");

        var again = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", TestManifests.AccountWithoutSecret, "text/yaml");

        Assert.Equal(200, again.Status);
        Assert.Equal("unchanged", Statuses(again.Body)[0]);
        Assert.Equal(TestManifests.Secret, host.Runtime.Accounts["acct-one"].Auth!.SecretAccessKey);
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task Apply_ChangedModel_ReportsUpdated(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);
        await host.SendAsync(HttpMethod.Post, "/api/v1/apply", TestManifests.Account, "application/yaml");

        var changed = TestManifests.AccountWithoutSecret.Replace("region: us-east-1", "region: us-west-2", StringComparison.Ordinal);
        var result = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", changed, "application/yaml");

        Assert.Equal(["updated", "unchanged", "unchanged"], Statuses(result.Body));
        Assert.Equal("us-west-2", host.Runtime.Accounts["acct-one"].Region);
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task Apply_DryRun_StoresNothing(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);

        var result = await host.SendAsync(HttpMethod.Post, "/api/v1/apply?dryRun=true", TestManifests.Account, "application/yaml");
        var list = await host.SendAsync(HttpMethod.Get, "/api/v1/provider-accounts");

        Assert.Equal(200, result.Status);
        Assert.True(result.Body.GetProperty("dry_run").GetBoolean());
        Assert.Equal("created", Statuses(result.Body)[0]);
        Assert.Equal(0, list.Body.GetProperty("data").GetArrayLength());
        Assert.Empty(host.Snapshots.Current.Models);
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task Apply_Json_IsAccepted(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);

        var result = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", """[{"type":"user","name":"bob@example.com"}]""");

        Assert.Equal(200, result.Status);
        Assert.Equal("created", Statuses(result.Body)[0]);
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task Apply_UnsupportedContentType_Returns415(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);

        var result = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", "name: x", "text/plain");

        Assert.Equal(415, result.Status);
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task Apply_InvalidDocument_StoresNoneOfTheBody(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);
        var body = "type: user\nname: dave@example.com\n---\n" + TestManifests.AccountWithoutSecret;

        var result = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", body, "application/yaml");
        var retry = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", "type: user\nname: dave@example.com\n", "application/yaml");

        Assert.Equal(400, result.Status);
        Assert.Contains(result.Body.GetProperty("error").GetProperty("details").EnumerateArray(),
            d => d.GetProperty("path").GetString() == "auth_data.secret_access_key" && d.GetProperty("document").GetInt32() == 1);
        Assert.Equal("created", Statuses(retry.Body)[0]);
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task Apply_MisspelledCostKey_Returns400WithDidYouMeanAndStoresNothing(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);
        var body = TestManifests.Account.Replace("{input: 0.0002, output: 0}", "{input: 0.0002, outptu: 0.015}", StringComparison.Ordinal);

        var result = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", body, "application/yaml");

        Assert.Equal(400, result.Status);
        var detail = Assert.Single(result.Body.GetProperty("error").GetProperty("details").EnumerateArray());
        Assert.Equal("integrations[1].cost.per_1000_tokens.outptu", detail.GetProperty("path").GetString());
        Assert.Equal("unknown key \"outptu\"; did you mean \"output\"?", detail.GetProperty("message").GetString());
        Assert.Equal("output", detail.GetProperty("suggestion").GetString());
        Assert.Empty(host.Snapshots.Current.Models);
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task Apply_UnknownTypeInOneDocument_StillReportsTheOthersProblems(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);
        var body = "type: taem\nname: ml\n---\n"
            + TestManifests.Account.Replace("region: us-east-1", "region: us-est-1", StringComparison.Ordinal)
            + "\n---\ntype: user\nname: not-an-email\n";

        var result = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", body, "application/yaml");

        Assert.Equal(400, result.Status);
        var details = result.Body.GetProperty("error").GetProperty("details").EnumerateArray()
            .Select(d => (Document: d.GetProperty("document").GetInt32(), Path: d.GetProperty("path").GetString(), Suggestion: d.GetProperty("suggestion").GetString(),
                Type: d.TryGetProperty("document_type", out var t) ? t.GetString() : null, Name: d.TryGetProperty("document_name", out var n) ? n.GetString() : null))
            .ToList();
        Assert.Contains((0, "type", "team", "taem", "ml"), details);
        Assert.Contains((1, "region", "us-east-1", "provider-account/aws-bedrock", "acct-one"), details);
        Assert.Contains(details, d => d.Document == 4 && d.Path == "name" && d.Type == "user");
        Assert.Equal(details.OrderBy(d => d.Document).Select(d => d.Document), details.Select(d => d.Document));
        var list = await host.SendAsync(HttpMethod.Get, "/api/v1/provider-accounts");
        Assert.Equal(0, list.Body.GetProperty("data").GetArrayLength());
    }

    private static string[] Statuses(System.Text.Json.JsonElement body) =>
        body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetString()!).ToArray();
}
