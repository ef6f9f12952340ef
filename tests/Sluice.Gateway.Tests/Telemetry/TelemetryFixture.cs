using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using Sluice.Bedrock.Emulator;
using Sluice.Gateway.Hosting;
using Sluice.Gateway.Telemetry;

namespace Sluice.Gateway.Tests.Telemetry;

/// <summary>
/// A gateway of its own with every telemetry option on (TrueFoundry names, user labels, the metadata key
/// <c>customer</c>) and traces exported to memory, in front of its own emulator. Meters and activity sources are
/// process-wide, so other gateways' traffic is visible too: tests tell theirs apart by this fixture's unique account
/// name, its emulator's port and trace ids.
/// </summary>
public sealed class TelemetryFixture : IAsyncLifetime
{
    public const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY1";
    public const string FaultModel = "amazon.nova-pro-v1:0";

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "sluice-telemetry-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;

    public BedrockEmulator Emulator { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public string AdminToken { get; } = "admin-" + Guid.NewGuid().ToString("N");
    public string UserToken { get; private set; } = "";

    /// <summary>The provider account, unique per fixture: <c>{Account}/nova-lite</c> etc.</summary>
    public string Account { get; } = "obs" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The virtual-model group: <c>{Group}/retry</c> retries the fault model once, then falls back to nova-lite.</summary>
    public string Group => Account + "-vm";

    public SpanCollector Spans { get; } = new();

    /// <summary>Every log record of this gateway, the access log included.</summary>
    public LogCollector Logs { get; } = new();
    /// <summary>
    /// Sends the test's own <c>traceparent</c> untouched: the default handler would replace it with one of the client
    /// span HttpClient records while tracing is on in this process.
    /// </summary>
    public HttpClient Http { get; } = new(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync()
    {
        var fixture = EmulatorFixture.LoadDemo();
        fixture.Models.Add(new FixtureModel { Id = FaultModel, Regions = ["us-east-1"] });
        Emulator = await BedrockEmulator.StartAsync(new EmulatorOptions { Port = 0, Fixture = fixture });
        _app = GatewayApp.Build(new GatewayOptions
        {
            Port = 0,
            DataDir = _dataDir,
            ListenLoopbackOnly = true,
            AdminToken = AdminToken,
            Manifests = [Manifest()],
            Output = new StringWriter(),
            ConfigureLogging = l =>
            {
                l.ClearProviders();
                l.AddProvider(Logs);
            },
            AwsSourceCredentials = new BasicAWSCredentials("AKIDEXAMPLEUSER1", Secret),
            Telemetry = new TelemetryOptions
            {
                TrueFoundryNames = true,
                UserLabels = true,
                MetadataLabels = ["customer"],
                CaptureMessageContent = true,
                ConfigureTracing = t => t.AddInMemoryExporter(Spans),
            },
        });
        await _app.StartAsync();
        BaseUrl = GatewayApp.BaseUrl(_app);
        var (status, text, _) = await SendAsync(HttpMethod.Post, "/api/v1/personal-access-tokens", """{"name":"telemetry","user":"dev@example.com"}""", AdminToken);
        Assert.True(status is 200 or 201, text);
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

    /// <summary>Sends a request with the user's token (unless told otherwise) and reads the whole answer.</summary>
    public async Task<(int Status, string Text, HttpResponseHeaders Headers)> SendAsync(HttpMethod method, string path, string? json, string? token = null,
        params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, BaseUrl + path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? UserToken);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers);
    }

    /// <summary>GET /metrics, parsed.</summary>
    public async Task<PrometheusText> ScrapeAsync()
    {
        using var response = await Http.GetAsync(BaseUrl + "/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return PrometheusText.Parse(text);
    }

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

    private string Manifest() => $"""
        type: user
        name: dev@example.com
        ---
        type: user
        name: other@example.com
        ---
        name: {Account}
        type: provider-account/aws-bedrock
        region: us-east-1
        auth_data:
          type: assumed-role-based
          assumed_role_arn: arn:aws:iam::111122223333:role/gateway-bedrock
          external_id: ext-123
        endpoint_url: {Emulator.RuntimeEndpointTemplate}
        sts_endpoint_url: {Emulator.StsEndpointTemplate}
        collaborators:
          - subject: team:everyone
            role_id: provider-account-access
        integrations:
          - name: nova-lite
            type: integration/model/bedrock
            model_id: amazon.nova-lite-v1:0
            model_types: [chat]
          - name: claude
            type: integration/model/bedrock
            model_id: us.anthropic.claude-3-7-sonnet-20250219-v1:0
            model_types: [chat]
          - name: faulty
            type: integration/model/bedrock
            model_id: {FaultModel}
            model_types: [chat]
          - name: titan-embed
            type: integration/model/bedrock
            model_id: amazon.titan-embed-text-v2:0
            model_types: [embedding]
          - name: private
            type: integration/model/bedrock
            model_id: amazon.nova-lite-v1:0
            model_types: [chat]
            authorized_subjects: [user:other@example.com]
        ---
        name: {Group}
        type: provider-account/virtual-model
        collaborators: [{"{"}subject: team:everyone, role_id: provider-account-access{"}"}]
        integrations:
          - name: retry
            type: integration/model/virtual
            model_types: [chat]
            routing_config:
              type: priority-based-routing
              load_balance_targets:
                - {"{"}target: {Account}/faulty, priority: 0, retry_config: {"{"}attempts: 1, delay: 10{"}"}, fallback_status_codes: ["429"]{"}"}
                - {"{"}target: {Account}/nova-lite, priority: 1{"}"}
        ---
        name: rate-limits
        type: gateway-rate-limiting-config
        rules:
          - {"{"}id: {LimitRule}, when: {"{"}models: [{Account}/titan-embed]{"}"}, limit_to: 1, unit: requests_per_minute{"}"}
        """;

    /// <summary>One embedding per minute on <c>{Account}/titan-embed</c>; the second is refused.</summary>
    public string LimitRule => Account + "-embed-limit";
}
