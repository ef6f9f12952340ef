using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using OpenAI;
using Sluice.Bedrock.Emulator;
using Sluice.Gateway.Hosting;

namespace Sluice.Gateway.Tests.Functional;

/// <summary>
/// The real gateway (GatewayApp.Build) on 127.0.0.1:0 in front of the Bedrock emulator, configured by one manifest
/// with an account per auth form. The gateway's own AWS identity (for assuming roles) is gateway-user-1.
/// </summary>
public sealed class FunctionalFixture : IAsyncLifetime
{
    public const string User1Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY1";
    public const string User2Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY2";

    /// <summary>Emulator-only: profile-only in us-east-1 there, while the gateway's catalogue lets it through (so the runtime error is exercised).</summary>
    public const string RuntimeProfileOnlyModel = "amazon.nova-micro-v1:0";

    /// <summary>Emulator-only model that fault tests set knobs on, so no fault reaches the models other tests use.</summary>
    public const string FaultModel = "amazon.nova-pro-v1:0";

    public const string AppProfileArn = "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5f6";

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "sluice-functional-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;

    public BedrockEmulator Emulator { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public string AdminToken { get; } = "admin-" + Guid.NewGuid().ToString("N");

    /// <summary>A personal access token of dev@example.com, a member of team everyone (which may call every account).</summary>
    public string UserToken { get; private set; } = "";

    /// <summary>Plain loopback client; callers set Authorization per request.</summary>
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync()
    {
        var fixture = EmulatorFixture.LoadDemo();
        fixture.Models.Add(new FixtureModel { Id = RuntimeProfileOnlyModel, Regions = ["us-east-1", "us-west-2"], ProfileOnly = true });
        fixture.Models.Add(new FixtureModel { Id = FaultModel, Regions = ["us-east-1"] });
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
            AwsSourceCredentials = new BasicAWSCredentials("AKIDEXAMPLEUSER1", User1Secret),
        });
        await _app.StartAsync();
        BaseUrl = GatewayApp.BaseUrl(_app);

        var (status, body, text, _) = await SendAsync(HttpMethod.Post, "/api/v1/personal-access-tokens",
            """{"name":"functional","user":"dev@example.com"}""", AdminToken);
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

    /// <summary>An OpenAI SDK client on the gateway's <c>/v1</c>, with the user's token unless told otherwise.</summary>
    public OpenAIClient OpenAi(string? key = null) =>
        new(new System.ClientModel.ApiKeyCredential(key ?? UserToken), new OpenAIClientOptions { Endpoint = new Uri(BaseUrl + "/v1") });

    /// <summary>Sends a JSON body and reads the whole answer.</summary>
    public async Task<(int Status, JsonElement Body, string Text, HttpResponseHeaders Headers)> SendAsync(HttpMethod method, string path, string? json, string? token = null,
        string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, BaseUrl + path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, contentType);
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? UserToken);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length > 0 && (text[0] == '{' || text[0] == '[') ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return ((int)response.StatusCode, body, text, response.Headers);
    }

    /// <summary>Runs <paramref name="test"/> with knobs set on the fault model, then clears them whatever happens.</summary>
    public async Task WithFaultAsync(Action<ModelKnobs> set, Func<Task> test)
    {
        var knobs = Emulator.Fixture.Model(FaultModel).Knobs;
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

    private static string Manifest(BedrockEmulator emu) => $"""
        type: user
        name: dev@example.com
        ---
        name: keys
        type: provider-account/aws-bedrock
        region: us-east-1
        auth_data:
          type: access-key-based
          access_key_id: AKIDEXAMPLEUSER1
          secret_access_key: {User1Secret}
        endpoint_url: {emu.RuntimeEndpointTemplate}
        sts_endpoint_url: {emu.StsEndpointTemplate}
        collaborators:
          - subject: team:everyone
            role_id: provider-account-access
        integrations:
          - name: nova-lite
            type: integration/model/bedrock
            model_id: amazon.nova-lite-v1:0
            model_types: [chat]
          - name: claude-3-5-sonnet
            type: integration/model/bedrock
            model_id: anthropic.claude-3-5-sonnet-20240620-v1:0
            model_types: [chat]
          - name: llama-west
            type: integration/model/bedrock
            model_id: meta.llama3-1-8b-instruct-v1:0
            region: us-west-2
            model_types: [chat]
          - name: claude-3-7-us
            type: integration/model/bedrock
            model_id: us.anthropic.claude-3-7-sonnet-20250219-v1:0
            model_types: [chat]
          - name: app-profile
            type: integration/model/bedrock
            model_id: {AppProfileArn}
            model_types: [chat]
          - name: nova-micro
            type: integration/model/bedrock
            model_id: {RuntimeProfileOnlyModel}
            model_types: [chat]
          - name: faulty
            type: integration/model/bedrock
            model_id: {FaultModel}
            model_types: [chat]
          - name: nova-lite-lenient
            type: integration/model/bedrock
            model_id: amazon.nova-lite-v1:0
            model_types: [chat]
            drop_params: true
          - name: titan-embed
            type: integration/model/bedrock
            model_id: amazon.titan-embed-text-v2:0
            model_types: [embedding]
          - name: nova-canvas
            type: integration/model/bedrock
            model_id: amazon.nova-canvas-v1:0
            model_types: [image]
        ---
        name: keys2
        type: provider-account/aws-bedrock
        region: us-east-1
        auth_data:
          type: access-key-based
          access_key_id: AKIDEXAMPLEUSER2
          secret_access_key: {User2Secret}
        endpoint_url: {emu.RuntimeEndpointTemplate}
        sts_endpoint_url: {emu.StsEndpointTemplate}
        collaborators:
          - subject: team:everyone
            role_id: provider-account-access
        integrations:
          - name: nova-lite
            type: integration/model/bedrock
            model_id: amazon.nova-lite-v1:0
            model_types: [chat]
          - name: llama-west
            type: integration/model/bedrock
            model_id: meta.llama3-1-8b-instruct-v1:0
            region: us-west-2
            model_types: [chat]
        ---
        name: bad-secret
        type: provider-account/aws-bedrock
        region: us-east-1
        auth_data:
          type: access-key-based
          access_key_id: AKIDEXAMPLEUSER1
          secret_access_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYWRONGSECRET0
        endpoint_url: {emu.RuntimeEndpointTemplate}
        sts_endpoint_url: {emu.StsEndpointTemplate}
        collaborators:
          - subject: team:everyone
            role_id: provider-account-access
        integrations:
          - name: nova-lite
            type: integration/model/bedrock
            model_id: amazon.nova-lite-v1:0
            model_types: [chat]
        ---
        name: role
        type: provider-account/aws-bedrock
        region: us-east-1
        auth_data:
          type: assumed-role-based
          assumed_role_arn: arn:aws:iam::111122223333:role/gateway-bedrock
          external_id: ext-123
        endpoint_url: {emu.RuntimeEndpointTemplate}
        sts_endpoint_url: {emu.StsEndpointTemplate}
        collaborators:
          - subject: team:everyone
            role_id: provider-account-access
        integrations:
          - name: nova-lite
            type: integration/model/bedrock
            model_id: amazon.nova-lite-v1:0
            model_types: [chat]
          - name: claude-3-7-us
            type: integration/model/bedrock
            model_id: us.anthropic.claude-3-7-sonnet-20250219-v1:0
            model_types: [chat]
          - name: claude-3-7-auto-cache
            type: integration/model/bedrock
            model_id: us.anthropic.claude-3-7-sonnet-20250219-v1:0
            model_types: [chat]
            prompt_caching: auto
        ---
        name: apikey
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
          - name: nova-lite
            type: integration/model/bedrock
            model_id: amazon.nova-lite-v1:0
            model_types: [chat]
          - name: claude-3-7-us
            type: integration/model/bedrock
            model_id: us.anthropic.claude-3-7-sonnet-20250219-v1:0
            model_types: [chat]
        """;
}
