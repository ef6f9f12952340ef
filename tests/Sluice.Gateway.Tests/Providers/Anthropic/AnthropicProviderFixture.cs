using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Anthropic;
using Anthropic.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using OpenAI;
using Sluice.Anthropic.Emulator;
using Sluice.Bedrock.Emulator;
using Sluice.Gateway.Hosting;

namespace Sluice.Gateway.Tests.Providers.Anthropic;

/// <summary>
/// The real gateway with a <c>provider-account/anthropic</c> account whose base_url is the Anthropic emulator, a
/// Bedrock account on the Bedrock emulator, and virtual models that put one in front of the other.
/// </summary>
public sealed class AnthropicProviderFixture : IAsyncLifetime
{
    public const string Sonnet = "anthropic/sonnet";
    public const string SonnetId = "claude-sonnet-4-5-20250929";
    public const string Haiku = "anthropic/haiku";
    public const string HaikuId = "claude-3-5-haiku-20241022";

    /// <summary>A model the account names but Anthropic does not have (404 not_found_error).</summary>
    public const string Missing = "anthropic/missing";

    /// <summary>The same model behind an account whose key Anthropic rejects (401 authentication_error).</summary>
    public const string BadKey = "anthropic-badkey/sonnet";

    public const string BedrockClaude = "bedrock/sonnet";
    public const string BedrockClaudeId = "anthropic.claude-sonnet-4-5-20250929-v1:0";

    /// <summary>
    /// The call kinds each fallback case has a virtual model of its own for: a failing target is cooled down (tried
    /// last) by the virtual model that saw it fail, so sharing one virtual model would let one case change the next.
    /// </summary>
    public static readonly string[] CallKinds = ["chat", "chat-stream", "messages", "messages-stream"];

    /// <summary>Virtual model: Bedrock Claude first, Anthropic's own API as the fallback.</summary>
    public static string BedrockFirst(string kind) => "fallback/bedrock-first-" + kind;

    /// <summary>Virtual model: Anthropic first, Bedrock Claude as the fallback.</summary>
    public static string AnthropicFirst(string kind) => "fallback/anthropic-first-" + kind;

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "sluice-anthropic-provider-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;

    public AnthropicEmulator Anthropic { get; private set; } = null!;
    public BedrockEmulator Bedrock { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public string AdminToken { get; } = "admin-" + Guid.NewGuid().ToString("N");
    public string UserToken { get; private set; } = "";
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync()
    {
        Anthropic = await AnthropicEmulator.StartAsync(new AnthropicEmulatorOptions { Port = 0 });
        Bedrock = await BedrockEmulator.StartAsync(new Sluice.Bedrock.Emulator.EmulatorOptions { Port = 0, Fixture = EmulatorFixture.LoadDemo() });
        _app = GatewayApp.Build(new GatewayOptions
        {
            Port = 0,
            DataDir = _dataDir,
            ListenLoopbackOnly = true,
            AdminToken = AdminToken,
            Manifests = [Manifest()],
            Output = new StringWriter(),
            ConfigureLogging = l => l.ClearProviders(),
        });
        await _app.StartAsync();
        BaseUrl = GatewayApp.BaseUrl(_app);
        var (status, body, text) = await SendAsync(HttpMethod.Post, "/api/v1/personal-access-tokens", """{"name":"anthropic-provider","user":"dev@example.com"}""", AdminToken);
        Assert.True(status is 200 or 201, text);
        UserToken = body.GetProperty("token").GetString()!;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        await Anthropic.DisposeAsync();
        await Bedrock.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The OpenAI SDK on the gateway's /v1 with the user's token.</summary>
    public OpenAIClient OpenAi(string requestId) => new(new System.ClientModel.ApiKeyCredential(UserToken), new OpenAIClientOptions
    {
        Endpoint = new Uri(BaseUrl + "/v1"),
        Transport = new System.ClientModel.Primitives.HttpClientPipelineTransport(new HttpClient(new RequestIdHandler(requestId))),
        RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(0),
    });

    /// <summary>The Anthropic SDK on the gateway with the user's token, sending <paramref name="requestId"/> as x-request-id.</summary>
    public AnthropicClient Sdk(string requestId) => new(new ClientOptions
    {
        BaseUrl = BaseUrl,
        ApiKey = UserToken,
        MaxRetries = 0,
        Timeout = TimeSpan.FromSeconds(30),
        HttpClient = new HttpClient(new RequestIdHandler(requestId)),
    });

    public static string NewRequestId() => "req_anthropic_" + Guid.NewGuid().ToString("N");

    public async Task<(int Status, JsonElement Body, string Text)> SendAsync(HttpMethod method, string path, string? json, string? token = null)
    {
        using var request = new HttpRequestMessage(method, BaseUrl + path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? UserToken);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length > 0 && text[0] is '{' or '[' ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return ((int)response.StatusCode, body, text);
    }

    /// <summary>A raw POST to the gateway with the user's token, extra headers, and the answer read whole.</summary>
    public async Task<(int Status, string Body, HttpResponseHeaders Headers)> PostAsync(string path, string json, string requestId, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, BaseUrl + path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", UserToken);
        request.Headers.Add("x-request-id", requestId);
        foreach (var (name, value) in headers) request.Headers.Add(name, value);
        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers);
    }

    /// <summary>The usage records of a request once at least <paramref name="expected"/> have been written (they are written in batches).</summary>
    public async Task<List<JsonElement>> UsageAsync(string requestId, int expected = 1)
    {
        for (var i = 0; i < 100; i++)
        {
            var (_, body, _) = await SendAsync(HttpMethod.Get, "/api/v1/usage?limit=500", null, AdminToken);
            var rows = body.GetProperty("data").EnumerateArray().Where(r => r.GetProperty("request_id").GetString() == requestId).ToList();
            if (rows.Count >= expected) return rows;
            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"Fewer than {expected} usage records for request {requestId}.");
    }

    /// <summary>What the Anthropic emulator last received on <paramref name="path"/>.</summary>
    public ReceivedRequest LastReceived(string path = "/v1/messages") => Anthropic.Received.Last(r => r.Path == path);

    /// <summary>Runs <paramref name="test"/> with knobs set on the Anthropic model, then clears them whatever happens.</summary>
    public async Task WithAnthropicFaultAsync(Action<Sluice.Anthropic.Emulator.ModelKnobs> set, Func<Task> test, string modelId = SonnetId)
    {
        var knobs = Anthropic.Knobs(modelId);
        set(knobs);
        try
        {
            await test();
        }
        finally
        {
            knobs.Reset();
        }
    }

    /// <summary>Runs <paramref name="test"/> with knobs set on the Bedrock Claude model, then clears them whatever happens.</summary>
    public async Task WithBedrockFaultAsync(Action<Sluice.Bedrock.Emulator.ModelKnobs> set, Func<Task> test)
    {
        var knobs = Bedrock.Fixture.Model(BedrockClaudeId).Knobs;
        set(knobs);
        try
        {
            await test();
        }
        finally
        {
            knobs.Reset();
        }
    }

    private string Manifest() => $"""
        type: user
        name: dev@example.com
        ---
        name: anthropic
        type: provider-account/anthropic
        base_url: {Anthropic.BaseUrl}
        auth_data:
          type: api-key
          api_key: {AnthropicEmulatorOptions.DemoApiKey}
        collaborators:
          - subject: team:everyone
            role_id: provider-account-access
        integrations:
          - name: sonnet
            type: integration/model/anthropic
            model_id: {SonnetId}
            model_types: [chat]
            cost: {"{"}metric: public_cost{"}"}
          - name: haiku
            type: integration/model/anthropic
            model_id: {HaikuId}
            model_types: [chat]
          - name: missing
            type: integration/model/anthropic
            model_id: claude-nonexistent-1
            model_types: [chat]
        ---
        name: anthropic-badkey
        type: provider-account/anthropic
        base_url: {Anthropic.BaseUrl}
        auth_data:
          type: api-key
          api_key: sk-ant-api03-not-a-key-the-emulator-knows
        collaborators:
          - subject: team:everyone
            role_id: provider-account-access
        integrations:
          - name: sonnet
            type: integration/model/anthropic
            model_id: {SonnetId}
            model_types: [chat]
        ---
        name: bedrock
        type: provider-account/aws-bedrock
        region: us-east-1
        auth_data:
          type: api-key
          api_key: {Bedrock.DemoApiKey}
        endpoint_url: {Bedrock.RuntimeEndpointTemplate}
        sts_endpoint_url: {Bedrock.StsEndpointTemplate}
        collaborators:
          - subject: team:everyone
            role_id: provider-account-access
        integrations:
          - name: sonnet
            type: integration/model/bedrock
            model_id: us.{BedrockClaudeId}
            model_types: [chat]
        ---
        name: fallback
        type: provider-account/virtual-model
        collaborators:
          - subject: team:everyone
            role_id: provider-account-access
        integrations:
        {VirtualModels()}
        """;

    private static string VirtualModels()
    {
        var yaml = new StringBuilder();
        foreach (var kind in CallKinds)
        {
            foreach (var (name, first, second) in new[] { ("bedrock-first-" + kind, BedrockClaude, Sonnet), ("anthropic-first-" + kind, Sonnet, BedrockClaude) })
            {
                yaml.Append(CultureInfo.InvariantCulture, $$$"""
                      - name: {{{name}}}
                        type: integration/model/virtual
                        model_types: [chat]
                        routing_config:
                          type: priority-based-routing
                          load_balance_targets:
                            - {target: {{{first}}}, priority: 0, retry_config: {attempts: 0}}
                            - {target: {{{second}}}, priority: 1, retry_config: {attempts: 0}}

                    """);
            }
        }

        return yaml.ToString().TrimEnd();
    }

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
