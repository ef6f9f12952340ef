using Sluice.Gateway.Tests.Hosting;
using Sluice.Gateway.Tests.Scaling;

namespace Sluice.Gateway.Tests.Admin;

public sealed class AdminApiTests
{
    private const string AccountJson = """
        {"name":"rest-acct","type":"provider-account/aws-bedrock","region":"us-east-1",
         "auth_data":{"type":"api-key","api_key":"ABSKSECRETVALUE123456"},
         "integrations":[{"name":"nova-lite","model_id":"amazon.nova-lite-v1:0","model_types":["chat"]}]}
        """;

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task ProviderAccounts_CreateThenGet_ShowsMaskedSecret(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);

        var created = await host.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts", AccountJson);
        var got = await host.SendAsync(HttpMethod.Get, "/api/v1/provider-accounts/rest-acct");
        var list = await host.SendAsync(HttpMethod.Get, "/api/v1/provider-accounts");

        Assert.Equal(201, created.Status);
        Assert.Equal(200, got.Status);
        Assert.Equal("********", got.Body.GetProperty("auth_data").GetProperty("api_key").GetString());
        Assert.Equal("amazon.nova-lite-v1:0", got.Body.GetProperty("integrations")[0].GetProperty("model_id").GetString());
        Assert.Equal(1, list.Body.GetProperty("data").GetArrayLength());
        foreach (var text in new[] { created.Text, got.Text, list.Text })
        {
            Assert.DoesNotContain("ABSKSECRETVALUE123456", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task ProviderAccounts_CreateTwice_Returns409(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);
        await host.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts", AccountJson);

        var again = await host.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts", AccountJson);

        Assert.Equal(409, again.Status);
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task ProviderAccounts_PutWithoutSecret_KeepsSecretAndModels(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);
        await host.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts", AccountJson);

        var put = await host.SendAsync(HttpMethod.Put, "/api/v1/provider-accounts/rest-acct",
            """{"region":"us-east-1","endpoint_url":"https://vpce-1.bedrock-runtime.us-east-1.vpce.amazonaws.com","auth_data":{"type":"api-key"}}""");

        Assert.True(put.Status == 200, put.Text);
        Assert.StartsWith("https://vpce-1.", put.Body.GetProperty("endpoint_url").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, put.Body.GetProperty("integrations").GetArrayLength());
        Assert.Equal("ABSKSECRETVALUE123456", host.Runtime.Accounts["rest-acct"].Auth!.ApiKey);
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task Models_AddReplaceDelete_SnapshotFollows(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);
        await host.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts", AccountJson);

        var added = await host.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts/rest-acct/models",
            """{"name":"embed","model_id":"amazon.titan-embed-text-v2:0","model_types":["embedding"]}""");
        var replaced = await host.SendAsync(HttpMethod.Put, "/api/v1/provider-accounts/rest-acct/models/embed",
            """{"model_id":"amazon.titan-embed-text-v2:0","model_types":["embedding"],"cost":{"per_1000_tokens":{"input":0.001,"output":0}}}""");
        var route = host.Snapshots.Current.Models["rest-acct/embed"];
        var deleted = await host.SendAsync(HttpMethod.Delete, "/api/v1/provider-accounts/rest-acct/models/embed");
        var missing = await host.SendAsync(HttpMethod.Get, "/api/v1/provider-accounts/rest-acct/models/embed");

        Assert.Equal(201, added.Status);
        Assert.Equal(200, replaced.Status);
        Assert.Equal(0.001m, route.PrivateCost?.InputPer1K);
        Assert.Equal(204, deleted.Status);
        Assert.Equal(404, missing.Status);
        Assert.False(host.Snapshots.Current.Models.ContainsKey("rest-acct/embed"));
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task ProviderAccounts_Delete_RemovesModelsFromSnapshot(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);
        await host.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts", AccountJson);

        var deleted = await host.SendAsync(HttpMethod.Delete, "/api/v1/provider-accounts/rest-acct");
        var got = await host.SendAsync(HttpMethod.Get, "/api/v1/provider-accounts/rest-acct");

        Assert.Equal(204, deleted.Status);
        Assert.Equal(404, got.Status);
        Assert.Empty(host.Snapshots.Current.Models);
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task TestConnection_ReturnsRuntimeVerdict(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);
        await host.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts", AccountJson);

        var result = await host.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts/rest-acct/test", """{"model":"nova-lite"}""");

        Assert.Equal(200, result.Status);
        Assert.True(result.Body.GetProperty("ok").GetBoolean());
        Assert.Equal("amazon.nova-lite-v1:0", result.Body.GetProperty("model_id").GetString());
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task AdminEndpoints_NoKey_Return401OpenAiError(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);

        var result = await host.SendAsync(HttpMethod.Get, "/api/v1/provider-accounts", token: null);
        var wrong = await host.SendAsync(HttpMethod.Get, "/api/v1/audit", token: "sk-sluice-0123456789abcdef.nope");

        Assert.Equal(401, result.Status);
        Assert.Equal("authentication_error", result.Body.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(401, wrong.Status);
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task AdminEndpoints_NonAdminKey_Return403(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);
        var token = (await host.SendAsync(HttpMethod.Post, "/api/v1/personal-access-tokens", """{"name":"t","user":"bob@example.com"}"""))
            .Body.GetProperty("token").GetString();

        var create = await host.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts", AccountJson, token: token);
        var audit = await host.SendAsync(HttpMethod.Get, "/api/v1/audit", token: token);
        var apply = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", "type: user\nname: eve@example.com\n", "application/yaml", token: token);

        Assert.Equal(403, create.Status);
        Assert.Equal("permission_error", create.Body.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(403, audit.Status);
        Assert.Equal(403, apply.Status);
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task AccountManager_MayEditOwnAccountOnly(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);
        await host.SendAsync(HttpMethod.Post, "/api/v1/apply", TestManifests.Account, "application/yaml");
        await host.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts", AccountJson);
        var carol = (await host.SendAsync(HttpMethod.Post, "/api/v1/personal-access-tokens", """{"name":"c","user":"carol@example.com"}"""))
            .Body.GetProperty("token").GetString();

        var own = await host.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts/acct-one/models",
            """{"name":"nova","model_id":"amazon.nova-lite-v1:0"}""", token: carol);
        var other = await host.SendAsync(HttpMethod.Get, "/api/v1/provider-accounts/rest-acct", token: carol);
        var list = await host.SendAsync(HttpMethod.Get, "/api/v1/provider-accounts", token: carol);

        Assert.Equal(201, own.Status);
        Assert.Equal(403, other.Status);
        Assert.Equal("acct-one", Assert.Single(list.Body.GetProperty("data").EnumerateArray()).GetProperty("name").GetString());
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task Tokens_CreateListRevoke_RevokedKeyStopsAtOnce(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);
        var created = await host.SendAsync(HttpMethod.Post, "/api/v1/personal-access-tokens", """{"name":"ci","user":"alice@example.com"}""");
        var token = created.Body.GetProperty("token").GetString();
        var id = created.Body.GetProperty("id").GetString();

        var before = await host.SendAsync(HttpMethod.Get, "/v1/models", token: token);
        var list = await host.SendAsync(HttpMethod.Get, "/api/v1/tokens");
        var revoked = await host.SendAsync(HttpMethod.Delete, $"/api/v1/tokens/{id}");
        var after = await host.SendAsync(HttpMethod.Get, "/v1/models", token: token);

        Assert.Equal(201, created.Status);
        Assert.StartsWith("sk-sluice-", token, StringComparison.Ordinal);
        Assert.Equal(200, before.Status);
        Assert.Contains(list.Body.GetProperty("data").EnumerateArray(), t => t.GetProperty("id").GetString() == id);
        Assert.DoesNotContain(token!, list.Text, StringComparison.Ordinal);
        Assert.Equal(204, revoked.Status);
        Assert.Equal(401, after.Status);
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task Audit_ListsChangesWithSecretsMasked(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);
        await host.SendAsync(HttpMethod.Post, "/api/v1/apply", TestManifests.Account, "application/yaml");
        await host.SendAsync(HttpMethod.Put, "/api/v1/provider-accounts/acct-one", """{"region":"us-west-2","auth_data":{"type":"access-key-based","access_key_id":"AKIDEXAMPLEUSER1"}}""");

        var audit = await host.SendAsync(HttpMethod.Get, "/api/v1/audit");

        Assert.Equal(200, audit.Status);
        var entries = audit.Body.GetProperty("data").EnumerateArray().ToList();
        var update = entries.First(e => e.GetProperty("target").GetString() == "provider-account/aws-bedrock:acct-one" && e.GetProperty("action").GetString() == "update");
        Assert.Equal("user:admin", update.GetProperty("actor").GetString());
        Assert.Equal("us-east-1", update.GetProperty("before").GetProperty("region").GetString());
        Assert.Equal("us-west-2", update.GetProperty("after").GetProperty("region").GetString());
        Assert.Equal("********", update.GetProperty("after").GetProperty("auth_data").GetProperty("secret_access_key").GetString());
        Assert.Contains(entries, e => e.GetProperty("target").GetString() == "team:ml-platform");
        Assert.DoesNotContain(TestManifests.Secret, audit.Text, StringComparison.Ordinal);
    }
}
