using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Anthropic;
using Anthropic.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Sluice.Bedrock.Emulator;
using Sluice.Gateway.Hosting;
using Sluice.Gateway.Tests.Functional;

namespace Sluice.Gateway.Tests.AnthropicApi.Functional;

/// <summary>
/// The real gateway in front of the Bedrock emulator for <c>/v1/messages</c>: Claude Sonnet 4.5 through its US profile (Messages passed
/// through, caching from a few words on so cache tests need no long prompts), Nova Lite (translated), and a model the
/// user may not call.
/// </summary>
public sealed class AnthropicFunctionalFixture : IAsyncLifetime
{
    public const string Claude = "claude/sonnet-4-5";

    /// <summary>An Anthropic model name, as Claude Code sends it: the alias <c>claude-*</c> maps it to <see cref="Claude"/>.</summary>
    public const string AnthropicName = "claude-sonnet-4-5-20250929";
    public const string Nova = "claude/nova-lite";
    public const string Forbidden = "secret/nova-lite";

    public const string Claude37 = "claude/sonnet-3-7";

    /// <summary>A virtual model: Claude Sonnet 4.5 first, Claude 3.7 Sonnet as the fallback.</summary>
    public const string Routed = "routed/claude";
    public const string ClaudeFoundationId = "anthropic.claude-sonnet-4-5-20250929-v1:0";
    public const string ClaudeProfileId = "us." + ClaudeFoundationId;
    public const int CacheMinWords = 8;

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "sluice-anthropic-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;

    public BedrockEmulator Emulator { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public string AdminToken { get; } = "admin-" + Guid.NewGuid().ToString("N");

    /// <summary>A personal access token of dev@example.com (team everyone).</summary>
    public string UserToken { get; private set; } = "";

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public FixtureModel ClaudeModel => Emulator.Fixture.Model(ClaudeFoundationId);

    public async Task InitializeAsync()
    {
        var fixture = EmulatorFixture.LoadDemo();
        fixture.Models.Find(m => m.Id == ClaudeFoundationId)!.CacheMinTokens = CacheMinWords;
        Emulator = await BedrockEmulator.StartAsync(new EmulatorOptions { Port = 0, Fixture = fixture });
        _app = GatewayApp.Build(new GatewayOptions
        {
            Port = 0,
            DataDir = _dataDir,
            ListenLoopbackOnly = true,
            AdminToken = AdminToken,
            Manifests = [Manifest(Emulator)],
            Output = new StringWriter(),
            ConfigureLogging = l => l.ClearProviders(),
            AwsSourceCredentials = new BasicAWSCredentials("AKIDEXAMPLEUSER1", FunctionalFixture.User1Secret),
        });
        await _app.StartAsync();
        BaseUrl = GatewayApp.BaseUrl(_app);

        using var request = new HttpRequestMessage(HttpMethod.Post, BaseUrl + "/api/v1/personal-access-tokens")
        {
            Content = new StringContent("""{"name":"anthropic","user":"dev@example.com"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        UserToken = JsonDocument.Parse(text).RootElement.GetProperty("token").GetString()!;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        await Emulator.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// The official SDK on the gateway with the user's token (as <c>x-api-key</c>, or as a bearer token), sending
    /// <paramref name="requestId"/> as <c>x-request-id</c> so the test can find the call's usage record.
    /// </summary>
    public AnthropicClient Sdk(string requestId, bool bearer = false, string? key = null) => new(new ClientOptions
    {
        BaseUrl = BaseUrl,
        ApiKey = bearer ? null : key ?? UserToken,
        AuthToken = bearer ? key ?? UserToken : null,
        MaxRetries = 0,
        Timeout = TimeSpan.FromSeconds(30),
        HttpClient = new HttpClient(new RequestIdHandler(requestId)),
    });

    /// <summary>The stored usage record of a request (written in the background in batches, so this waits for it).</summary>
    /// <param name="match">Which of the request's records (a routed call also records each failed attempt).</param>
    public async Task<JsonElement> UsageRecordAsync(string requestId, Func<JsonElement, bool>? match = null)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, BaseUrl + "/api/v1/usage?limit=200");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
            using var response = await Http.SendAsync(request);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            foreach (var r in json.RootElement.GetProperty("data").EnumerateArray())
            {
                if (r.GetProperty("request_id").GetString() == requestId && (match is null || match(r))) return r.Clone();
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("No usage record for " + requestId);
    }

    /// <summary>The stored usage records of a model since a moment, once at least one is there (for callers that send no request id).</summary>
    public async Task<List<JsonElement>> UsageRecordsSinceAsync(DateTimeOffset since, string model)
    {
        var found = new List<JsonElement>();
        for (var attempt = 0; attempt < 100 && found.Count == 0; attempt++)
        {
            if (attempt > 0) await Task.Delay(100);
            using var request = new HttpRequestMessage(HttpMethod.Get, BaseUrl + "/api/v1/usage?limit=200");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
            using var response = await Http.SendAsync(request);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            foreach (var r in json.RootElement.GetProperty("data").EnumerateArray())
            {
                if (r.GetProperty("model").GetString() == model && r.GetProperty("timestamp").GetDateTimeOffset() >= since) found.Add(r.Clone());
            }
        }

        return found;
    }

    public static string NewRequestId() => "req_test_" + Guid.NewGuid().ToString("N");

    /// <summary>Runs <paramref name="test"/> with knobs set on the Claude model, then clears them whatever happens.</summary>
    public async Task WithFaultAsync(Action<ModelKnobs> set, Func<Task> test)
    {
        set(ClaudeModel.Knobs);
        try
        {
            await test();
        }
        finally
        {
            ClaudeModel.Knobs.Reset();
        }
    }

    private static string Manifest(BedrockEmulator emu) => $"""
        type: user
        name: dev@example.com
        ---
        name: claude
        type: provider-account/aws-bedrock
        region: us-east-1
        auth_data:
          type: api-key
          api_key: {emu.DemoApiKey}
        endpoint_url: {emu.RuntimeEndpointTemplate}
        sts_endpoint_url: {emu.StsEndpointTemplate}
        collaborators:
          - subject: team:everyone
            role_id: provider-account-access
        integrations:
          - name: sonnet-4-5
            type: integration/model/bedrock
            model_id: {ClaudeProfileId}
            model_types: [chat]
            aliases: ["claude-*"]
          - name: sonnet-3-7
            type: integration/model/bedrock
            model_id: us.anthropic.claude-3-7-sonnet-20250219-v1:0
            model_types: [chat]
          - name: nova-lite
            type: integration/model/bedrock
            model_id: amazon.nova-lite-v1:0
            model_types: [chat]
        ---
        name: routed
        type: provider-account/virtual-model
        collaborators:
          - subject: team:everyone
            role_id: provider-account-access
        integrations:
          - name: claude
            type: integration/model/virtual
            model_types: [chat]
            routing_config:
              type: priority-based-routing
              load_balance_targets:
                - target: {Claude}
                  priority: 0
                - target: {Claude37}
                  priority: 1
        ---
        name: secret
        type: provider-account/aws-bedrock
        region: us-east-1
        auth_data:
          type: access-key-based
          access_key_id: AKIDEXAMPLEUSER1
          secret_access_key: {FunctionalFixture.User1Secret}
        endpoint_url: {emu.RuntimeEndpointTemplate}
        sts_endpoint_url: {emu.StsEndpointTemplate}
        collaborators:
          - subject: team:secret
            role_id: provider-account-access
        integrations:
          - name: nova-lite
            type: integration/model/bedrock
            model_id: amazon.nova-lite-v1:0
            model_types: [chat]
        """;

    private sealed class RequestIdHandler(string requestId) : DelegatingHandler(new HttpClientHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Remove("x-request-id");
            request.Headers.Add("x-request-id", requestId);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
