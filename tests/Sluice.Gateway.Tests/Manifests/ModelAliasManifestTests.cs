using System.Text.Json;
using Sluice.Gateway.Tests.Hosting;

namespace Sluice.Gateway.Tests.Manifests;

/// <summary>Model aliases in manifests: account models' <c>aliases</c> and the <c>gateway-model-aliases</c> document.</summary>
public sealed class ModelAliasManifestTests
{
    private static readonly string WithAliases = TestManifests.Account.Replace(
        "model_id: anthropic.claude-3-5-sonnet-20240620-v1:0\n",
        "model_id: anthropic.claude-3-5-sonnet-20240620-v1:0\n    aliases: [claude-3-5-sonnet-20240620, \"claude-3-5-sonnet*\"]\n", StringComparison.Ordinal);

    private const string GatewayAliases = """
        type: gateway-model-aliases
        name: anthropic-names
        aliases:
          - {name: "claude-haiku-4-5*", model: acct-one/claude-3-5-sonnet}
        """;

    private static List<(string Path, string Message)> Problems(JsonElement body) =>
        body.GetProperty("error").GetProperty("details").EnumerateArray()
            .Select(d => (d.GetProperty("path").GetString()!, d.GetProperty("message").GetString()!)).ToList();

    [Fact]
    public async Task Apply_AccountAndGatewayAliases_StoredReadBackAndResolvable()
    {
        await using var host = await GatewayHost.StartAsync();

        var applied = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", WithAliases + "\n---\n" + GatewayAliases, "application/yaml");
        var again = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", WithAliases + "\n---\n" + GatewayAliases, "application/yaml");
        var model = await host.SendAsync(HttpMethod.Get, "/api/v1/provider-accounts/acct-one/models/claude-3-5-sonnet");

        Assert.True(applied.Status == 200, applied.Text);
        Assert.All(again.Body.GetProperty("results").EnumerateArray(), r => Assert.Equal("unchanged", r.GetProperty("status").GetString()));
        Assert.Equal(["claude-3-5-sonnet-20240620", "claude-3-5-sonnet*"], model.Body.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        var aliases = host.Snapshots.Current.Aliases;
        Assert.True(aliases.TryResolve("claude-3-5-sonnet-latest", out var byPattern));
        Assert.True(aliases.TryResolve("claude-haiku-4-5-20251001", out var gatewayWide));
        Assert.Equal(("acct-one/claude-3-5-sonnet", "acct-one/claude-3-5-sonnet"), (byPattern, gatewayWide));
    }

    [Fact]
    public async Task Apply_AliasesRemovedFromAccount_NoLongerResolve()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.SendAsync(HttpMethod.Post, "/api/v1/apply", WithAliases, "application/yaml");

        var updated = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", TestManifests.Account, "application/yaml");

        Assert.Equal("updated", updated.Body.GetProperty("results")[0].GetProperty("status").GetString());
        Assert.False(host.Snapshots.Current.Aliases.TryResolve("claude-3-5-sonnet-20240620", out _));
    }

    [Fact]
    public async Task Apply_OneAliasOnTwoModelsOfAnAccount_ProblemNamesBoth()
    {
        await using var host = await GatewayHost.StartAsync();
        var body = WithAliases.Replace("model_types: [embedding]\n", "model_types: [embedding]\n    aliases: [claude-3-5-sonnet-20240620]\n", StringComparison.Ordinal);

        var result = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", body, "application/yaml");

        Assert.Equal(400, result.Status);
        var (path, message) = Assert.Single(Problems(result.Body), p => p.Path.Contains("aliases", StringComparison.Ordinal));
        Assert.Equal("integrations[1].aliases[0]", path);
        Assert.Contains("\"acct-one/claude-3-5-sonnet\"", message);
        Assert.Contains("\"acct-one/titan-embed\"", message);
        Assert.False(host.Snapshots.Current.Models.ContainsKey("acct-one/claude-3-5-sonnet"));
    }

    [Fact]
    public async Task Apply_AliasAlreadyOnAnotherAccountsModel_ProblemNamesBoth()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.SendAsync(HttpMethod.Post, "/api/v1/apply", WithAliases, "application/yaml");
        var second = """
            name: acct-two
            type: provider-account/aws-bedrock
            region: us-west-2
            auth_data: {type: access-key-based, access_key_id: AKIDEXAMPLEUSER2, secret_access_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYUNIQUESECRET43}
            integrations:
              - {name: nova, type: integration/model/bedrock, model_id: amazon.nova-lite-v1:0, aliases: ["claude-3-5-sonnet*"]}
            """;

        var result = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", second, "application/yaml");

        Assert.Equal(400, result.Status);
        var (path, message) = Assert.Single(Problems(result.Body));
        Assert.Equal("integrations[0].aliases[0]", path);
        Assert.Contains("\"acct-two/nova\"", message);
        Assert.Contains("\"acct-one/claude-3-5-sonnet\"", message);
    }

    [Fact]
    public async Task Apply_BadGatewayAliases_ReportsEveryProblemWithPath()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.SendAsync(HttpMethod.Post, "/api/v1/apply", TestManifests.Account, "application/yaml");
        var body = """
            type: gateway-model-aliases
            name: anthropic-names
            aliases:
              - {name: claude-opus-4-1, model: acct-one/claude-3-5-sonnet}
              - {name: claude-opus-4-1, model: acct-one/titan-embed}
              - {name: "*", model: acct-one/claude-3-5-sonnet}
              - {name: "acct-one/x", model: acct-one/claude-3-5-sonnet}
              - {name: claude-haiku, model: acct-one/claude-3-5-sonet}
              - {name: claude-haiku-3, modle: acct-one/claude-3-5-sonnet}
            """;

        var result = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", body, "application/yaml");

        Assert.Equal(400, result.Status);
        var problems = Problems(result.Body);
        Assert.Contains(problems, p => p.Path == "aliases[1].name" && p.Message.Contains("\"acct-one/claude-3-5-sonnet\"", StringComparison.Ordinal) && p.Message.Contains("\"acct-one/titan-embed\"", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "aliases[2].name");
        Assert.Contains(problems, p => p.Path == "aliases[3].name");
        Assert.Contains(problems, p => p.Path == "aliases[4].model" && p.Message.Contains("did you mean \"acct-one/claude-3-5-sonnet\"", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "aliases[5].modle" && p.Message.Contains("did you mean \"model\"", StringComparison.Ordinal));
        Assert.Equal(0, host.Snapshots.Current.Aliases.Count);
    }
}
