using Sluice.Gateway.Tests.Hosting;
using Sluice.Gateway.Tests.Scaling;

namespace Sluice.Gateway.Tests.Admin;

public sealed class ValidationTests
{
    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task CreateAccount_SeveralProblems_ReportsEachWithPathAndRegionSuggestion(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);
        const string body = """
            {"name":"Bad_Name","region":"us-est-1",
             "auth_data":{"type":"assumed-role-based","assumed_role_arn":"arn:aws:iam::12:user/x","api_key":"k"},
             "integrations":[
               {"name":"ok","model_id":"anthropic.claude-3-5-sonnet-20240620-v1:0"},
               {"name":"ok","model_id":"","model_types":["chat","video"]},
               {"name":"m3","model_id":"amazon.nova-lite-v1:0","region":"eu-wst-1","cost":{"per_1000_tokens":{"input":-1}}}
             ]}
            """;

        var result = await host.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts", body);

        Assert.Equal(400, result.Status);
        var error = result.Body.GetProperty("error");
        Assert.Equal("validation_failed", error.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        var details = error.GetProperty("details").EnumerateArray().ToDictionary(
            d => d.GetProperty("path").GetString()!, d => (Message: d.GetProperty("message").GetString()!, Suggestion: d.GetProperty("suggestion").GetString()));
        Assert.Equal($"{details.Count} problems", error.GetProperty("message").GetString());
        Assert.Equal("us-east-1", details["region"].Suggestion);
        Assert.Equal("eu-west-1", details["integrations[2].region"].Suggestion);
        Assert.Contains("name", details.Keys);
        Assert.Contains("auth_data.assumed_role_arn", details.Keys);
        Assert.Contains("auth_data.api_key", details.Keys);
        Assert.Contains("integrations[1].name", details.Keys);
        Assert.Contains("integrations[1].model_id", details.Keys);
        Assert.Contains("integrations[1].model_types[1]", details.Keys);
        Assert.Contains("integrations[2].cost.per_1000_tokens.input", details.Keys);
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task AddModel_UnknownRegion_PathIsRelativeToTheModel(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);
        await host.SendAsync(HttpMethod.Post, "/api/v1/apply", TestManifests.Account, "application/yaml");

        var result = await host.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts/acct-one/models",
            """{"name":"nova","model_id":"amazon.nova-lite-v1:0","region":"us-wset-2"}""");

        Assert.Equal(400, result.Status);
        var detail = Assert.Single(result.Body.GetProperty("error").GetProperty("details").EnumerateArray());
        Assert.Equal("region", detail.GetProperty("path").GetString());
        Assert.Equal("us-west-2", detail.GetProperty("suggestion").GetString());
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task AddModel_ProfileOnlyModelByPlainId_SuggestsProfileId(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);
        await host.SendAsync(HttpMethod.Post, "/api/v1/apply", TestManifests.Account, "application/yaml");

        var result = await host.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts/acct-one/models",
            """{"name":"haiku","model_id":"anthropic.claude-haiku-4-5-20251001-v1:0","region":"us-west-2"}""");

        Assert.Equal(400, result.Status);
        var detail = Assert.Single(result.Body.GetProperty("error").GetProperty("details").EnumerateArray());
        Assert.Equal("model_id", detail.GetProperty("path").GetString());
        Assert.Equal("us.anthropic.claude-haiku-4-5-20251001-v1:0", detail.GetProperty("suggestion").GetString());
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task CreateAccount_MisspelledKeys_ReportsEachWithDidYouMean(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);
        const string body = """
            {"name":"acct-two","regoin":"us-east-1",
             "auth_data":{"type":"access-key-based","access_key_id":"AKIDEXAMPLE","secret_acess_key":"s"}}
            """;

        var result = await host.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts", body);

        Assert.Equal(400, result.Status);
        var details = result.Body.GetProperty("error").GetProperty("details").EnumerateArray()
            .ToDictionary(d => d.GetProperty("path").GetString()!, d => d.GetProperty("suggestion").GetString());
        Assert.Equal("region", details["regoin"]);
        Assert.Equal("secret_access_key", details["auth_data.secret_acess_key"]);
        var list = await host.SendAsync(HttpMethod.Get, "/api/v1/provider-accounts");
        Assert.Equal(0, list.Body.GetProperty("data").GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task AddModel_MisspelledCostKey_PathIsRelativeToTheModel(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);
        await host.SendAsync(HttpMethod.Post, "/api/v1/apply", TestManifests.Account, "application/yaml");

        var result = await host.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts/acct-one/models",
            """{"name":"nova","model_id":"amazon.nova-lite-v1:0","cost":{"per_1000_tokens":{"input":0.1,"outptu":0.2}}}""");

        Assert.Equal(400, result.Status);
        var detail = Assert.Single(result.Body.GetProperty("error").GetProperty("details").EnumerateArray());
        Assert.Equal("cost.per_1000_tokens.outptu", detail.GetProperty("path").GetString());
        Assert.Equal("output", detail.GetProperty("suggestion").GetString());
    }
}
