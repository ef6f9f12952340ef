using System.Text.Json;
using Sluice.Bedrock.Catalogue;
using Sluice.Core.Providers;
using Sluice.Gateway.Tests.Hosting;
using Sluice.Gateway.Tests.Scaling;

namespace Sluice.Gateway.Tests.Admin;

/// <summary>select-all and the price and region warnings of the admin API.</summary>
public sealed class CatalogueAdminTests
{
    private const string AccountJson = """
        {"name":"pick","type":"provider-account/aws-bedrock","region":"eu-west-1",
         "auth_data":{"type":"api-key","api_key":"ABSKSECRETVALUE123456"}}
        """;

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task SelectAll_ChatAndEmbedding_AddsWhatTheRegionOffersByItsCallIdOnce(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);
        await host.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts", AccountJson);

        var first = await host.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts/pick/models/select-all", """{"types":["chat","embedding"]}""");
        var second = await host.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts/pick/models/select-all", """{"types":["chat","embedding"]}""");
        var stored = await host.SendAsync(HttpMethod.Get, "/api/v1/provider-accounts/pick/models");

        Assert.Equal(200, first.Status);
        var expected = BedrockCatalogue.All
            .Where(m => !m.Legacy && (m.Types & (ModelType.Chat | ModelType.Embedding)) != 0
                && (m.Types.HasFlag(ModelType.Chat) || m.Family != BedrockInvokeFamily.Unsupported))
            .Select(m => m.CallIdIn("eu-west-1"))
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();
        var ids = stored.Body.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("model_id").GetString()!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, ids);
        Assert.Contains("eu.anthropic.claude-sonnet-4-5-20250929-v1:0", ids);
        Assert.DoesNotContain(ids, id => id.Contains("nova-canvas", StringComparison.Ordinal));
        Assert.Equal(0, second.Body.GetProperty("added").GetArrayLength());
        Assert.Equal(expected.Count, second.Body.GetProperty("unchanged").GetInt32());
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task SelectAll_UnknownType_400NamingIt(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);
        await host.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts", AccountJson);

        var result = await host.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts/pick/models/select-all", """{"types":["chat","speech"]}""");

        Assert.Equal(400, result.Status);
        Assert.Contains("types[1]", result.Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task AddModel_RegionDoesNotOfferIt_StoredWithWarningNamingWhoServesIt(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);
        await host.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts", AccountJson);
        var elsewhere = BedrockCatalogue.All.First(m => !m.Legacy && m.Types == ModelType.Chat && m.OnDemandRegions.Count > 0 && m.CallIdIn("eu-west-1") is null);

        var added = await host.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts/pick/models",
            """{"name":"elsewhere","model_id":"MODEL","model_types":["chat"],"cost":{"per_request":0.01}}""".Replace("MODEL", elsewhere.ModelId, StringComparison.Ordinal));

        Assert.Equal(201, added.Status);
        var warning = Assert.Single(added.Body.GetProperty("warnings").EnumerateArray());
        Assert.Equal("model_id", warning.GetProperty("path").GetString());
        Assert.Contains("eu-west-1 does not offer", warning.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains(elsewhere.ServedBy(), warning.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task Apply_ModelWithoutPublicOrPrivatePrice_AppliedWithWarning(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);
        var unpriced = BedrockCatalogue.All.First(m => m.Price is null && m.CallIdIn("us-east-1") == m.ModelId);
        var manifest = $"""
            name: warn
            type: provider-account/aws-bedrock
            region: us-east-1
            auth_data:
              type: api-key
              api_key: ABSKSECRETVALUE123456
            integrations:
              - name: unpriced
                type: integration/model/bedrock
                model_id: {unpriced.ModelId}
                model_types: [chat]
              - name: priced-privately
                type: integration/model/bedrock
                model_id: {unpriced.ModelId}
                model_types: [chat]
                cost:
                  per_request: 0.01
            """;

        var result = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", manifest, "application/yaml");

        Assert.Equal(200, result.Status);
        Assert.Equal("created", result.Body.GetProperty("results")[0].GetProperty("status").GetString());
        var warning = Assert.Single(result.Body.GetProperty("warnings").EnumerateArray());
        Assert.Equal("integrations[0].cost", warning.GetProperty("path").GetString());
        Assert.Contains("cost unknown", warning.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0.01m, host.Snapshots.Current.Models["warn/priced-privately"].PrivateCost?.PerRequest);
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task Catalogue_WithoutRegion_EveryModelWithSourcesAndGeneratedDate(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);

        var result = await host.SendAsync(HttpMethod.Get, "/api/v1/catalogue/bedrock");

        Assert.Equal(BedrockCatalogue.All.Count, result.Body.GetProperty("data").GetArrayLength());
        Assert.Equal(BedrockCatalogue.Generated, result.Body.GetProperty("generated").GetString());
        Assert.NotEqual(0, result.Body.GetProperty("sources").GetArrayLength());
        var unpriced = result.Body.GetProperty("data").EnumerateArray().First(m => BedrockCatalogue.Find(m.GetProperty("model_id").GetString()!)!.Price is null);
        Assert.Equal(JsonValueKind.Null, unpriced.GetProperty("price").ValueKind);
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task Catalogue_UnknownRegion_400WithDidYouMean(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);

        var result = await host.SendAsync(HttpMethod.Get, "/api/v1/catalogue/bedrock?region=us-est-1");

        Assert.Equal(400, result.Status);
        Assert.Contains("us-east-1", result.Text, StringComparison.Ordinal);
    }
}
