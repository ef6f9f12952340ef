using Sluice.Gateway.Tests.Hosting;
using Sluice.Gateway.Tests.Scaling;

namespace Sluice.Gateway.Tests.Manifests;

/// <summary>Per-model settings the request path reads: drop_params, and the model's creation time.</summary>
public sealed class ModelSettingsTests
{
    private static readonly string WithDropParams = TestManifests.Account.Replace(
        "model_id: anthropic.claude-3-5-sonnet-20240620-v1:0\n", "model_id: anthropic.claude-3-5-sonnet-20240620-v1:0\n    drop_params: true\n", StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task Apply_DropParamsOnModel_StoredReadBackAndInTheRoute(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);

        var applied = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", WithDropParams, "application/yaml");
        var model = await host.SendAsync(HttpMethod.Get, "/api/v1/provider-accounts/acct-one/models/claude-3-5-sonnet");
        var other = await host.SendAsync(HttpMethod.Get, "/api/v1/provider-accounts/acct-one/models/titan-embed");

        Assert.Equal(200, applied.Status);
        Assert.True(model.Body.GetProperty("drop_params").GetBoolean());
        Assert.False(other.Body.TryGetProperty("drop_params", out _));
        Assert.True(host.Snapshots.Current.Models["acct-one/claude-3-5-sonnet"].DropParams);
        Assert.False(host.Snapshots.Current.Models["acct-one/titan-embed"].DropParams);
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task Apply_DropParamsTurnedOff_ReportsUpdatedAndRouteRefusesAgain(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);
        await host.SendAsync(HttpMethod.Post, "/api/v1/apply", WithDropParams, "application/yaml");

        var same = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", WithDropParams, "application/yaml");
        var off = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", TestManifests.Account, "application/yaml");

        Assert.Equal("unchanged", same.Body.GetProperty("results")[0].GetProperty("status").GetString());
        Assert.Equal("updated", off.Body.GetProperty("results")[0].GetProperty("status").GetString());
        Assert.False(host.Snapshots.Current.Models["acct-one/claude-3-5-sonnet"].DropParams);
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task Apply_DropParamsNotABoolean_ProblemNamesThePath(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);
        var body = WithDropParams.Replace("drop_params: true", "drop_params: sometimes", StringComparison.Ordinal);

        var result = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", body, "application/yaml");

        Assert.Equal(400, result.Status);
        Assert.Contains(result.Body.GetProperty("error").GetProperty("details").EnumerateArray(),
            d => d.GetProperty("path").GetString() == "integrations[0].drop_params");
        Assert.Empty(host.Snapshots.Current.Models);
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task Apply_PromptCachingAuto_StoredAndReadBack(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);
        var body = WithDropParams.Replace("drop_params: true", "prompt_caching: auto", StringComparison.Ordinal);

        var applied = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", body, "application/yaml");
        var model = await host.SendAsync(HttpMethod.Get, "/api/v1/provider-accounts/acct-one/models/claude-3-5-sonnet");
        var other = await host.SendAsync(HttpMethod.Get, "/api/v1/provider-accounts/acct-one/models/titan-embed");

        Assert.Equal(200, applied.Status);
        Assert.Equal("auto", model.Body.GetProperty("prompt_caching").GetString());
        Assert.False(other.Body.TryGetProperty("prompt_caching", out _));
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task Apply_PromptCachingUnknownValue_ProblemNamesThePathAndValues(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);
        var body = WithDropParams.Replace("drop_params: true", "prompt_caching: always", StringComparison.Ordinal);

        var result = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", body, "application/yaml");

        Assert.Equal(400, result.Status);
        var problem = Assert.Single(result.Body.GetProperty("error").GetProperty("details").EnumerateArray(),
            d => d.GetProperty("path").GetString() == "integrations[0].prompt_caching");
        Assert.Contains("auto, explicit or off", problem.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task Apply_ModelAddedThenReapplied_CreatedAtKept(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);
        var before = DateTimeOffset.UtcNow;
        await host.SendAsync(HttpMethod.Post, "/api/v1/apply", TestManifests.Account, "application/yaml");
        var created = host.Snapshots.Current.Models["acct-one/claude-3-5-sonnet"].CreatedAt;

        await host.SendAsync(HttpMethod.Post, "/api/v1/apply", WithDropParams, "application/yaml");

        Assert.InRange(created, before.AddSeconds(-1), DateTimeOffset.UtcNow);
        Assert.Equal(created, host.Snapshots.Current.Models["acct-one/claude-3-5-sonnet"].CreatedAt);
    }
}
