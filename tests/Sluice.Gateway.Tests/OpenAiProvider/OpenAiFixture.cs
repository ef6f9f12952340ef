using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using OpenAI;
using Sluice.Bedrock.Emulator;
using Sluice.Gateway.Hosting;
using Sluice.OpenAI.Emulator;

namespace Sluice.Gateway.Tests.OpenAiProvider;

/// <summary>
/// The real gateway on 127.0.0.1:0 in front of two OpenAI emulators (OpenAI itself with keys, and a key-less
/// OpenAI-compatible server that omits stream usage) and the Bedrock emulator (for virtual models mixing both).
/// </summary>
public sealed class OpenAiFixture : IAsyncLifetime
{
    private const string BedrockSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY1";

    /// <summary>A Bedrock model fault tests set knobs on.</summary>
    public const string BedrockFaultModel = "amazon.nova-pro-v1:0";

    /// <summary>The OpenAI model tests script faults on, so no fault reaches the models other tests use.</summary>
    public const string FaultModel = "gpt-4.1-nano";

    /// <summary>The model the compatible server serves.</summary>
    public const string LlamaModel = "meta-llama/Llama-3.1-8B-Instruct";

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "sluice-openai-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;

    public OpenAiEmulator OpenAi { get; private set; } = null!;
    public OpenAiEmulator Compatible { get; private set; } = null!;
    public BedrockEmulator Bedrock { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public string AdminToken { get; } = "admin-" + Guid.NewGuid().ToString("N");
    public string UserToken { get; private set; } = "";
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync()
    {
        OpenAi = await OpenAiEmulator.StartAsync();
        Compatible = await OpenAiEmulator.StartAsync(new OpenAiEmulatorOptions
        {
            ApiKeys = [],
            Models = [new EmulatedModel(LlamaModel, EmulatedModelKind.Chat)],
            OmitStreamUsage = true,
        });
        var fixture = EmulatorFixture.LoadDemo();
        fixture.Models.Add(new FixtureModel { Id = BedrockFaultModel, Regions = ["us-east-1"] });
        Bedrock = await BedrockEmulator.StartAsync(new EmulatorOptions { Port = 0, Fixture = fixture });
        _app = GatewayApp.Build(new GatewayOptions
        {
            Port = 0,
            DataDir = _dataDir,
            ListenLoopbackOnly = true,
            AdminToken = AdminToken,
            Manifests = [Manifest()],
            Output = new StringWriter(),
            ConfigureLogging = l => l.ClearProviders(),
            AwsSourceCredentials = new BasicAWSCredentials("AKIDEXAMPLEUSER1", BedrockSecret),
        });
        await _app.StartAsync();
        BaseUrl = GatewayApp.BaseUrl(_app);
        var (status, body, text) = await SendAsync(HttpMethod.Post, "/api/v1/personal-access-tokens", """{"name":"openai","user":"dev@example.com"}""", AdminToken);
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

        await OpenAi.DisposeAsync();
        await Compatible.DisposeAsync();
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

    /// <summary>An OpenAI SDK client on the gateway's <c>/v1</c> with the user's token.</summary>
    public OpenAIClient Client() =>
        new(new System.ClientModel.ApiKeyCredential(UserToken), new OpenAIClientOptions { Endpoint = new Uri(BaseUrl + "/v1"), NetworkTimeout = TimeSpan.FromSeconds(30) });

    /// <summary>Sends a JSON body and reads the whole answer.</summary>
    public async Task<(int Status, JsonElement Body, string Text)> SendAsync(HttpMethod method, string path, string? json, string? token = null,
        Action<HttpResponseMessage>? headers = null)
    {
        using var request = new HttpRequestMessage(method, BaseUrl + path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? UserToken);
        request.Headers.TryAddWithoutValidation("anthropic-version", "2023-06-01");
        using var response = await Http.SendAsync(request);
        headers?.Invoke(response);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length > 0 && (text[0] == '{' || text[0] == '[') ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return ((int)response.StatusCode, body, text);
    }

    /// <summary>The usage records of one request, waiting for the batched writer to store <paramref name="expected"/> of them.</summary>
    public async Task<List<JsonElement>> UsageRowsAsync(string requestId, int expected = 1)
    {
        for (var i = 0; i < 100; i++)
        {
            var (_, body, _) = await SendAsync(HttpMethod.Get, "/api/v1/usage?limit=500", null, AdminToken);
            var rows = body.GetProperty("data").EnumerateArray().Where(r => r.GetProperty("request_id").GetString() == requestId).Select(r => r.Clone()).ToList();
            if (rows.Count >= expected) return rows;
            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"Fewer than {expected} usage records for request {requestId}.");
    }

    /// <summary>Runs <paramref name="test"/> with knobs set on the Bedrock fault model, then clears them.</summary>
    public async Task WithBedrockFaultAsync(Action<ModelKnobs> set, Func<Task> test)
    {
        var knobs = Bedrock.Fixture.Model(BedrockFaultModel).Knobs;
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
        name: openai
        type: provider-account/openai
        base_url: {OpenAi.BaseUrl}
        organization: org-sluice
        project: proj_sluice
        headers:
          X-Team: platform
        auth_data:
          type: api-key
          api_key: {OpenAiEmulator.DemoApiKey}
        collaborators:
          - subject: team:everyone
            role_id: provider-account-access
        integrations:
          - name: gpt-4o-mini
            type: integration/model/openai
            model_id: gpt-4o-mini
            model_types: [chat]
          - name: o3-mini
            type: integration/model/openai
            model_id: o3-mini
            model_types: [chat]
          - name: faulty
            type: integration/model/openai
            model_id: {FaultModel}
            model_types: [chat]
          - name: missing
            type: integration/model/openai
            model_id: gpt-9-imaginary
            model_types: [chat]
          - name: embed
            type: integration/model/openai
            model_id: text-embedding-3-small
            model_types: [embedding]
          - name: dall-e-3
            type: integration/model/openai
            model_id: dall-e-3
            model_types: [image]
        ---
        name: openai-wrong-key
        type: provider-account/openai
        base_url: {OpenAi.BaseUrl}
        auth_data:
          type: api-key
          api_key: sk-wrong-0000000000000000
        collaborators:
          - subject: team:everyone
            role_id: provider-account-access
        integrations:
          - name: gpt-4o-mini
            type: integration/model/openai
            model_id: gpt-4o-mini
            model_types: [chat]
        ---
        name: vllm
        type: provider-account/self-hosted-model
        base_url: {Compatible.BaseUrl}
        collaborators:
          - subject: team:everyone
            role_id: provider-account-access
        integrations:
          - name: llama
            type: integration/model/self-hosted-model
            model_id: {LlamaModel}
            model_types: [chat]
            cost:
              per_1000_tokens:
                input: 0.5
                output: 1.5
        ---
        name: bedrock
        type: provider-account/aws-bedrock
        region: us-east-1
        auth_data:
          type: access-key-based
          access_key_id: AKIDEXAMPLEUSER1
          secret_access_key: {BedrockSecret}
        endpoint_url: {Bedrock.RuntimeEndpointTemplate}
        sts_endpoint_url: {Bedrock.StsEndpointTemplate}
        collaborators:
          - subject: team:everyone
            role_id: provider-account-access
        integrations:
          - name: nova-lite
            type: integration/model/bedrock
            model_id: amazon.nova-lite-v1:0
            model_types: [chat]
          - name: faulty
            type: integration/model/bedrock
            model_id: {BedrockFaultModel}
            model_types: [chat]
        ---
        name: mixed
        type: provider-account/virtual-model
        collaborators:
          - subject: team:everyone
            role_id: provider-account-access
        integrations:
          - name: openai-first
            type: integration/model/virtual
            model_types: [chat]
            routing_config:
              type: priority-based-routing
              load_balance_targets:
                - {"{"}target: openai/faulty, priority: 0, retry_config: {"{"}attempts: 0{"}"}{"}"}
                - {"{"}target: bedrock/nova-lite, priority: 1{"}"}
          - name: bedrock-first
            type: integration/model/virtual
            model_types: [chat]
            routing_config:
              type: priority-based-routing
              load_balance_targets:
                - {"{"}target: bedrock/faulty, priority: 0, retry_config: {"{"}attempts: 0{"}"}{"}"}
                - {"{"}target: openai/gpt-4o-mini, priority: 1, override_params: {"{"}temperature: 0.25{"}"}{"}"}
        """;
}
