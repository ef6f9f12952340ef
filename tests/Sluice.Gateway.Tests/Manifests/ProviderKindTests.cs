using System.Text.Json;
using Sluice.Gateway.Tests.Hosting;
using Sluice.Gateway.Tests.Scaling;

namespace Sluice.Gateway.Tests.Manifests;

/// <summary>The account kinds beyond Bedrock: read, validated, stored (secrets encrypted, never returned) and kept apart.</summary>
public sealed class ProviderKindTests
{
    private const string OpenAiAccount = """
        [{"type":"provider-account/openai","name":"openai-main","base_url":"http://127.0.0.1:9/v1",
          "organization":"org-123","project":"proj-9","headers":{"X-Team":"search"},
          "auth_data":{"type":"api-key","api_key":"sk-secret-value"},
          "integrations":[{"name":"gpt-4o","model_id":"gpt-4o","model_types":["chat"]}]}]
        """;

    private const string AzureAccount = """
        [{"type":"provider-account/azure-openai","name":"azure-main","base_url":"https://res.openai.azure.com","api_version":"2024-10-21",
          "auth_data":{"type":"azure-client-secret","tenant_id":"t-1","client_id":"c-1","client_secret":"entra-secret-value"},
          "integrations":[{"name":"gpt4o","model_id":"my-gpt4o-deployment"}]}]
        """;

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task Apply_OpenAiAccount_StoresSettingsAndHidesTheKey(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);

        var applied = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", OpenAiAccount);
        var read = await host.SendAsync(HttpMethod.Get, "/api/v1/provider-accounts/openai-main");
        var again = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", OpenAiAccount.Replace("\"api_key\":\"sk-secret-value\"", "", StringComparison.Ordinal).Replace("\"api-key\",", "\"api-key\"", StringComparison.Ordinal));

        Assert.Equal(200, applied.Status);
        Assert.Equal("created", applied.Body.GetProperty("results")[0].GetProperty("status").GetString());
        Assert.Equal(200, read.Status);
        Assert.Equal("provider-account/openai", read.Body.GetProperty("type").GetString());
        Assert.Equal("http://127.0.0.1:9/v1", read.Body.GetProperty("base_url").GetString());
        Assert.Equal("org-123", read.Body.GetProperty("organization").GetString());
        Assert.Equal("proj-9", read.Body.GetProperty("project").GetString());
        Assert.Equal("search", read.Body.GetProperty("headers").GetProperty("X-Team").GetString());
        Assert.Equal("integration/model/openai", read.Body.GetProperty("integrations")[0].GetProperty("type").GetString());
        Assert.False(read.Body.TryGetProperty("region", out _));
        Assert.DoesNotContain("sk-secret-value", read.Text, StringComparison.Ordinal);
        Assert.Equal("unchanged", again.Body.GetProperty("results")[0].GetProperty("status").GetString());
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task Apply_AzureClientSecret_IsEncryptedAndNeverReturned(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);

        var applied = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", AzureAccount);
        var read = await host.SendAsync(HttpMethod.Get, "/api/v1/provider-accounts/azure-main");
        var audit = await host.SendAsync(HttpMethod.Get, "/api/v1/audit");

        Assert.Equal(200, applied.Status);
        Assert.Equal("t-1", read.Body.GetProperty("auth_data").GetProperty("tenant_id").GetString());
        Assert.Equal("c-1", read.Body.GetProperty("auth_data").GetProperty("client_id").GetString());
        Assert.Equal("2024-10-21", read.Body.GetProperty("api_version").GetString());
        Assert.DoesNotContain("entra-secret-value", read.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("entra-secret-value", audit.Text, StringComparison.Ordinal);
        Assert.Equal("integration/model/azure-openai", read.Body.GetProperty("integrations")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Apply_KeysOfAnotherKind_AreRefusedByPath()
    {
        await using var host = await GatewayHost.StartAsync();
        const string manifest = """
            [{"type":"provider-account/openai","name":"openai-bad","region":"us-east-1","api_version":"2024-10-21",
              "auth_data":{"type":"access-key-based","access_key_id":"AKIA"},
              "integrations":[{"name":"m","model_id":"","type":"integration/model/bedrock"}]},
             {"type":"provider-account/azure-openai","name":"azure-bad","auth_data":{"type":"azure-client-secret","tenant_id":"t"}},
             {"type":"provider-account/aws-bedrock","name":"bedrock-bad","region":"us-east-1","base_url":"http://x",
              "auth_data":{"type":"api-key","api_key":"k"}}]
            """;

        var result = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", manifest);

        Assert.Equal(400, result.Status);
        var paths = ProblemPaths(result.Body);
        Assert.Contains((0, "region"), paths);
        Assert.Contains((0, "api_version"), paths);
        Assert.Contains((0, "auth_data.type"), paths);
        Assert.Contains((0, "integrations[0].type"), paths);
        Assert.Contains((0, "integrations[0].model_id"), paths);
        Assert.Contains((1, "base_url"), paths);
        Assert.Contains((1, "auth_data.client_id"), paths);
        Assert.Contains((1, "auth_data.client_secret"), paths);
        Assert.Contains((2, "base_url"), paths);
    }

    [Fact]
    public async Task Apply_SelfHostedWithoutAuth_IsAccepted()
    {
        await using var host = await GatewayHost.StartAsync();
        const string manifest = """
            [{"type":"provider-account/self-hosted-model","name":"vllm-local","base_url":"http://127.0.0.1:8000/v1",
              "integrations":[{"name":"llama","model_id":"meta-llama/Llama-3.1-8B-Instruct","cost":{"per_1000_tokens":{"input":0.0001,"output":0.0002}}}]}]
            """;

        var result = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", manifest);
        var read = await host.SendAsync(HttpMethod.Get, "/api/v1/provider-accounts/vllm-local");

        Assert.Equal(200, result.Status);
        Assert.False(read.Body.TryGetProperty("auth_data", out _));
        Assert.Equal("integration/model/self-hosted-model", read.Body.GetProperty("integrations")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Apply_SameNameOtherKind_IsRefused()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.SendAsync(HttpMethod.Post, "/api/v1/apply", OpenAiAccount);

        var result = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", """
            [{"type":"provider-account/anthropic","name":"openai-main","auth_data":{"type":"api-key","api_key":"k"}}]
            """);

        Assert.Equal(400, result.Status);
        Assert.Contains("cannot change", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAccount_UnknownKind_SaysWhichExist()
    {
        await using var host = await GatewayHost.StartAsync();

        var result = await host.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts", """{"type":"provider-account/opneai","name":"x-one"}""");

        Assert.Equal(400, result.Status);
        Assert.Contains("provider-account/openai", result.Text, StringComparison.Ordinal);
    }

    private static List<(int Index, string Path)> ProblemPaths(JsonElement body)
    {
        var paths = new List<(int, string)>();
        foreach (var p in body.GetProperty("error").GetProperty("details").EnumerateArray())
        {
            paths.Add((p.GetProperty("document").GetInt32(), p.GetProperty("path").GetString()!));
        }

        return paths;
    }
}
