using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Sluice.Bedrock.Emulator;
using Sluice.Gateway.Hosting;

namespace Sluice.Gateway.Tests.Functional;

/// <summary>
/// The issue's cost test: a mixed workload through the real gateway and the emulator, every request priced by hand
/// from the checked-in catalogue file, and each recorded cost matched to $0.000001 (unknown recorded as null).
/// Its own emulator and gateway, because it sets usage knobs on models other functional tests call.
/// </summary>
public sealed class CostTests : IAsyncLifetime
{
    private const string Sonnet = "anthropic.claude-sonnet-4-5-20250929-v1:0";
    private const string NovaLite = "amazon.nova-lite-v1:0";
    private const string Canvas = "amazon.nova-canvas-v1:0";
    private const string TitanEmbed = "amazon.titan-embed-text-v2:0";
    private const string Unpriced = "zai.glm-5";
    private const string AppProfileArn = "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/c0st0pr0f1le";
    private const string AccessKey = "AKIDCOSTTESTUSER01";
    private const string Secret = "cost-test-secret-key-0000000000000000000";

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "sluice-cost-" + Guid.NewGuid().ToString("N"));
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly string _adminToken = "admin-" + Guid.NewGuid().ToString("N");
    private BedrockEmulator _emulator = null!;
    private WebApplication? _app;
    private string _baseUrl = "";
    private string _userToken = "";

    public async Task InitializeAsync()
    {
        var fixture = EmulatorFixture.LoadDemo();
        fixture.Users.Add(new FixtureUser { Name = "cost-user", AccessKeyId = AccessKey, SecretAccessKey = Secret, Policy = new FixturePolicy() });
        // The demo fixture serves Claude Sonnet 4.5 (plain in us-east-1 and us-gov-west-1, us. and global. profiles) and
        // zai.glm-5; this test adds a user allowed everywhere and an application profile over the us. profile.
        fixture.ApplicationInferenceProfiles.Add(new FixtureApplicationProfile { Arn = AppProfileArn, Name = "team-cost", Target = "us." + Sonnet });
        _emulator = await BedrockEmulator.StartAsync(new EmulatorOptions { Port = 0, Fixture = fixture });

        _app = GatewayApp.Build(new GatewayOptions
        {
            Port = 0,
            DataDir = _dataDir,
            ListenLoopbackOnly = true,
            AdminToken = _adminToken,
            Manifests = [Manifest(_emulator)],
            Output = new StringWriter(),
            ConfigureLogging = l => l.ClearProviders(),
            AwsSourceCredentials = new BasicAWSCredentials(AccessKey, Secret),
        });
        await _app.StartAsync();
        _baseUrl = GatewayApp.BaseUrl(_app);
        var (status, body) = await SendAsync("/api/v1/personal-access-tokens", """{"name":"cost","user":"dev@example.com"}""", _adminToken);
        Assert.True(status is 200 or 201, body.ToString());
        _userToken = body.GetProperty("token").GetString()!;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        await _emulator.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task MixedWorkload_EveryRequest_RecordedAtItsHandPricedCost()
    {
        var catalogue = CataloguePrices.Load();
        var knobs = _emulator.Fixture.Model(Sonnet).Knobs;
        var expected = new List<Expected>();

        // In-region, geographic profile, global profile, an application profile over the geographic one, us-gov.
        expected.Add(await ChatAsync("cost/nova-lite", catalogue.Tokens(NovaLite, "in-region"), "us-east-1"));
        expected.Add(await ChatAsync("cost/sonnet-us", catalogue.Tokens(Sonnet, "geo"), "geo:us"));
        expected.Add(await ChatAsync("cost/sonnet-global", catalogue.Tokens(Sonnet, "global"), "global"));
        expected.Add(await ChatAsync("cost/sonnet-app", catalogue.Tokens(Sonnet, "geo"), "geo:us"));
        expected.Add(await ChatAsync("gov/sonnet", catalogue.Tokens(Sonnet, "us-gov"), "us-gov"));

        // Cache reads and writes, each at its own rate; then a request past the long-context threshold, priced whole
        // at the long-context rates.
        knobs.UsageCacheReadTokens = 3000;
        knobs.UsageCacheWriteTokens = 2000;
        var cached = await ChatAsync("cost/sonnet-us", catalogue.Tokens(Sonnet, "geo"), "geo:us");
        knobs.Reset();
        knobs.UsageInputTokens = 250_000;
        knobs.UsageCacheReadTokens = 1000;
        var longContext = await ChatAsync("cost/sonnet-global", catalogue.Tokens(Sonnet, "global"), "global");
        knobs.Reset();
        expected.Add(cached);
        expected.Add(longContext);

        // Embeddings, images of two sizes and qualities, private cost per token (with cache reads) and per image.
        expected.Add(await EmbedAsync("cost/titan-embed", catalogue.Tokens(TitanEmbed, "in-region")));
        expected.Add(await ImageAsync("cost/canvas", "1024x1024", "standard", catalogue.Image(Canvas, "in-region", "1024x1024", "standard"), "us-east-1"));
        expected.Add(await ImageAsync("cost/canvas", "2048x2048", "hd", catalogue.Image(Canvas, "in-region", "2048x2048", "premium"), "us-east-1"));
        var novaKnobs = _emulator.Fixture.Model(NovaLite).Knobs;
        novaKnobs.UsageCacheReadTokens = 500;
        expected.Add(await ChatAsync("cost/nova-lite-private", PrivateTokens, "private"));
        novaKnobs.Reset();
        expected.Add(await ImageAsync("cost/canvas-private", "1024x1024", "standard", 0.05m, "private"));

        // A model no source prices: served, and recorded as unknown.
        expected.Add(await ChatAsync("cost/glm", null, "us-east-1"));

        var records = await UsageRecordsAsync(expected.Select(e => e.RequestId).ToList());
        foreach (var e in expected)
        {
            var r = records[e.RequestId];
            var cost = r.GetProperty("cost_usd");
            var want = e.Price(r);
            Assert.True(want is null ? cost.ValueKind == JsonValueKind.Null : Math.Abs(cost.GetDecimal() - want.Value) <= 0.000001m,
                $"{e.Model}: recorded {cost}, priced by hand {want?.ToString() ?? "null"}");
            Assert.Equal(e.Scope, r.GetProperty("price_scope").GetString());
        }

        // The knobs reached the records, so cache and long-context rates were really exercised.
        Assert.Equal(3000, records[cached.RequestId].GetProperty("cached_tokens").GetInt32());
        Assert.Equal(2000, records[cached.RequestId].GetProperty("cache_write_tokens").GetInt32());
        Assert.True(records[longContext.RequestId].GetProperty("prompt_tokens").GetInt32() > 200_000);
    }

    // The private cost the manifest gives cost/nova-lite-private, per 1,000 tokens, plus per request.
    private static readonly TokenPrices PrivateTokens = new(0.5m, 1.5m, 0.05m, 0.6m, null, PerThousand: true, PerRequest: 0.001m);

    private async Task<Expected> ChatAsync(string model, TokenPrices? prices, string scope)
    {
        var (id, _) = await CallAsync("/v1/chat/completions", $$"""{"model":"{{model}}","messages":[{"role":"user","content":"price this answer"}]}""");
        return new Expected(id, model, scope, r => prices?.Cost(r));
    }

    private async Task<Expected> EmbedAsync(string model, TokenPrices prices)
    {
        var (id, _) = await CallAsync("/v1/embeddings", $$"""{"model":"{{model}}","input":["one input to embed","and a second one"]}""");
        return new Expected(id, model, "us-east-1", r => prices.Cost(r));
    }

    private async Task<Expected> ImageAsync(string model, string size, string quality, decimal perImage, string scope)
    {
        var (id, body) = await CallAsync("/v1/images/generations", $$"""{"model":"{{model}}","prompt":"a lighthouse","size":"{{size}}","quality":"{{quality}}","n":2}""");
        Assert.Equal(2, body.GetProperty("data").GetArrayLength());
        return new Expected(id, model, scope, r => r.GetProperty("images").GetInt32() * perImage);
    }

    private async Task<(string RequestId, JsonElement Body)> CallAsync(string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _baseUrl + path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _userToken);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path} {json}: {(int)response.StatusCode} {text}");
        return (response.Headers.GetValues("x-request-id").Single(), JsonDocument.Parse(text).RootElement.Clone());
    }

    // Usage is written in the background in batches: wait until every request's record is stored.
    private async Task<Dictionary<string, JsonElement>> UsageRecordsAsync(List<string> requestIds)
    {
        var found = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        for (var attempt = 0; attempt < 200 && found.Count < requestIds.Count; attempt++)
        {
            var (_, body) = await SendAsync("/api/v1/usage?limit=200", null, _adminToken, HttpMethod.Get);
            foreach (var r in body.GetProperty("data").EnumerateArray())
            {
                var id = r.GetProperty("request_id").GetString()!;
                if (requestIds.Contains(id))
                {
                    found[id] = r.Clone();
                }
            }

            if (found.Count < requestIds.Count)
            {
                await Task.Delay(100);
            }
        }

        Assert.True(found.Count == requestIds.Count, $"only {found.Count} of {requestIds.Count} usage records were stored within 20 s");
        return found;
    }

    private async Task<(int Status, JsonElement Body)> SendAsync(string path, string? json, string token, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, _baseUrl + path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 && text[0] == '{' ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    private static string Manifest(BedrockEmulator emu) => $"""
        type: user
        name: dev@example.com
        ---
        name: cost
        type: provider-account/aws-bedrock
        region: us-east-1
        auth_data:
          type: access-key-based
          access_key_id: {AccessKey}
          secret_access_key: {Secret}
        endpoint_url: {emu.RuntimeEndpointTemplate}
        sts_endpoint_url: {emu.StsEndpointTemplate}
        collaborators:
          - subject: team:everyone
            role_id: provider-account-access
        integrations:
          - {Model("nova-lite", NovaLite, "chat")}
          - {Model("sonnet-us", "us." + Sonnet, "chat")}
          - {Model("sonnet-global", "global." + Sonnet, "chat")}
          - {Model("sonnet-app", AppProfileArn, "chat")}
          - {Model("glm", Unpriced, "chat")}
          - {Model("titan-embed", TitanEmbed, "embedding")}
          - {Model("canvas", Canvas, "image")}
          - {Model("nova-lite-private", NovaLite, "chat")}
            cost:
              per_1000_tokens:
                input: 0.5
                output: 1.5
                cache_read: 0.05
                cache_write: 0.6
              per_request: 0.001
          - {Model("canvas-private", Canvas, "image")}
            cost:
              per_image: 0.05
        ---
        name: gov
        type: provider-account/aws-bedrock
        region: us-gov-west-1
        auth_data:
          type: access-key-based
          access_key_id: {AccessKey}
          secret_access_key: {Secret}
        endpoint_url: {emu.RuntimeEndpointTemplate}
        sts_endpoint_url: {emu.StsEndpointTemplate}
        collaborators:
          - subject: team:everyone
            role_id: provider-account-access
        integrations:
          - {Model("sonnet", Sonnet, "chat")}
        """;

    private static string Model(string name, string id, string type) =>
        // Interpolated text keeps its own indentation: the keys sit under the list item's "- ".
        $"name: {name}\n    type: integration/model/bedrock\n    model_id: \"{id}\"\n    model_types: [{type}]";

    private sealed record Expected(string RequestId, string Model, string Scope, Func<JsonElement, decimal?> Price);
}
