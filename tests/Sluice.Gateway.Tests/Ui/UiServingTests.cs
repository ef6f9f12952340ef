using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Sluice.Bedrock.Catalogue;
using Sluice.Core.Pricing;
using Sluice.Gateway.Tests.Hosting;

namespace Sluice.Gateway.Tests.Ui;

/// <summary>How the gateway serves the UI's files and the catalogue the UI reads (plain HTTP, no browser).</summary>
public sealed class UiServingTests(UiServingTests.Host fixture) : IClassFixture<UiServingTests.Host>
{
    /// <summary>One gateway for these read-only tests.</summary>
    public sealed class Host : IAsyncLifetime
    {
        internal GatewayHost Gateway { get; private set; } = null!;

        public async Task InitializeAsync() => Gateway = await GatewayHost.StartAsync();

        public async Task DisposeAsync() => await Gateway.DisposeAsync();
    }

    [Fact]
    public async Task Root_Get_RedirectsToUi()
    {
        var host = fixture.Gateway;
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(host.BaseUrl) };

        var res = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        Assert.Equal("/ui/", res.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task UiWithoutSlash_Get_RedirectsToUiWithSlash()
    {
        var host = fixture.Gateway;
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(host.BaseUrl) };

        var res = await client.GetAsync("/ui");

        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        Assert.Equal("/ui/", res.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/ui/", "text/html")]
    [InlineData("/ui/app.css", "text/css")]
    [InlineData("/ui/js/app.js", "text/javascript")]
    [InlineData("/ui/favicon.svg", "image/svg+xml")]
    public async Task UiFile_Get_HasContentTypeAndRevalidationHeaders(string path, string contentType)
    {
        var host = fixture.Gateway;

        var res = await host.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal(contentType, res.Content.Headers.ContentType?.MediaType);
        Assert.True(res.Headers.CacheControl?.NoCache, "UI files must be revalidated");
        Assert.NotNull(res.Headers.ETag);
        Assert.Equal("nosniff", res.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True((await res.Content.ReadAsByteArrayAsync()).Length > 100);
    }

    [Fact]
    public async Task UiIndex_Get_SetsContentSecurityPolicyWithoutInlineScripts()
    {
        var host = fixture.Gateway;

        var res = await host.Http.GetAsync("/ui/");

        var csp = res.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UiFile_GetWithMatchingETag_Answers304()
    {
        var host = fixture.Gateway;
        var first = await host.Http.GetAsync("/ui/js/app.js");

        using var again = new HttpRequestMessage(HttpMethod.Get, "/ui/js/app.js");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var res = await host.Http.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, res.StatusCode);
        Assert.Empty(await res.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task UiFile_Unknown_Answers404()
    {
        var host = fixture.Gateway;

        var res = await host.Http.GetAsync("/ui/js/nope.js");

        Assert.Equal(HttpStatusCode.NotFound, res.StatusCode);
    }

    [Fact]
    public async Task Catalogue_WithoutKey_Answers401()
    {
        var host = fixture.Gateway;
        using var anonymous = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };

        var res = await anonymous.GetAsync("/api/v1/catalogue/bedrock");

        Assert.Equal(HttpStatusCode.Unauthorized, res.StatusCode);
    }

    [Fact]
    public async Task Catalogue_WithRegion_ListsOnlyWhatTheRegionOffersWithTheIdAndPriceThere()
    {
        var host = fixture.Gateway;

        var res = await host.Http.GetAsync("/api/v1/catalogue/bedrock?region=us-east-1");

        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        using var doc = JsonDocument.Parse(await res.Content.ReadAsStringAsync());
        var models = doc.RootElement.GetProperty("data").EnumerateArray().ToList();
        var nova = models.Single(m => m.GetProperty("model_id").GetString() == "amazon.nova-lite-v1:0");
        Assert.Equal("Nova Lite", nova.GetProperty("display_name").GetString());
        Assert.Equal(["text"], nova.GetProperty("types").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("amazon.nova-lite-v1:0", nova.GetProperty("call_id").GetString());
        Assert.Equal("us-east-1", nova.GetProperty("price_scope").GetString());
        var novaPrice = BedrockCatalogue.Find("amazon.nova-lite-v1:0")!.Price!.For(PriceScope.Of("amazon.nova-lite-v1:0", "us-east-1"))!;
        Assert.Equal(novaPrice.Tokens.Input, nova.GetProperty("price").GetProperty("input_per_million").GetDecimal());
        Assert.True(nova.GetProperty("capabilities").GetProperty("images").GetBoolean());
        Assert.Empty(nova.GetProperty("profile_only_advice").EnumerateArray());

        // Profile-only here: called by its geographic profile and priced at that scope, with the advice for the plain ID.
        var sonnet = models.Single(m => m.GetProperty("model_id").GetString() == "anthropic.claude-sonnet-4-5-20250929-v1:0");
        Assert.Equal("us.anthropic.claude-sonnet-4-5-20250929-v1:0", sonnet.GetProperty("call_id").GetString());
        Assert.Equal("geo:us", sonnet.GetProperty("price_scope").GetString());
        var advice = Assert.Single(sonnet.GetProperty("profile_only_advice").EnumerateArray());
        Assert.Equal("us-east-1", advice.GetProperty("region").GetString());
        Assert.Equal("us.anthropic.claude-sonnet-4-5-20250929-v1:0", advice.GetProperty("suggested_profile_ids")[0].GetString());

        // Not offered in us-east-1 at all (on demand only elsewhere, no profile from here): left out.
        Assert.DoesNotContain(models, m => m.GetProperty("model_id").GetString() == "anthropic.claude-3-5-sonnet-20240620-v1:0");
        Assert.Contains(models, m => m.GetProperty("types").EnumerateArray().Any(t => t.GetString() == "embedding"));
        Assert.Contains("us-east-1", doc.RootElement.GetProperty("regions").EnumerateArray().Select(r => r.GetString()));
    }
}
