using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sluice.Bedrock.Emulator;
using Sluice.Gateway.Tests.Hosting;

namespace Sluice.Gateway.Tests.Telemetry.Otlp;

/// <summary>
/// The real <c>sluice serve</c> as a child process, configured the way a user would: only the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> and <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> (and <c>OTEL_SERVICE_NAME</c>, and a short
/// <c>OTEL_BSP_SCHEDULE_DELAY</c> so batches leave quickly), exporting to an in-process <see cref="OtlpReceiver"/>,
/// in front of an in-process emulator.
/// </summary>
public abstract class OtlpGatewayFixture : IAsyncLifetime
{
    public const string ServiceName = "sluice-otlp-test";
    public const string FaultModel = "amazon.nova-pro-v1:0";
    public const string Account = "otlp";

    private readonly string _dataDir = CliProcess.TempDataDir();
    private CliProcess? _cli;

    public BedrockEmulator Emulator { get; private set; } = null!;
    public OtlpReceiver Receiver { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public string UserToken { get; private set; } = "";

    /// <summary>Sends the test's own <c>traceparent</c> untouched (see <see cref="TelemetryFixture.Http"/>).</summary>
    public HttpClient Http { get; } = new(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary><c>http/protobuf</c> or <c>grpc</c>.</summary>
    protected abstract string Protocol { get; }

    /// <summary>How the receiver sees each export of this protocol (see <see cref="OtlpReceiver.Requests"/>).</summary>
    public string ReceivedAs => Protocol == "grpc" ? "HTTP/2 TraceService/Export" : "HTTP/1.1 /v1/traces";

    public async Task InitializeAsync()
    {
        var fixture = EmulatorFixture.LoadDemo();
        fixture.Models.Add(new FixtureModel { Id = FaultModel, Regions = ["us-east-1"] });
        Emulator = await BedrockEmulator.StartAsync(new EmulatorOptions { Port = 0, Fixture = fixture });
        Receiver = await OtlpReceiver.StartAsync();
        Directory.CreateDirectory(_dataDir);
        var manifest = Path.Combine(_dataDir, "otlp.yaml");
        await File.WriteAllTextAsync(manifest, Manifest());
        var port = Protocol == "grpc" ? Receiver.GrpcPort : Receiver.HttpPort;
        _cli = CliProcess.Start(
            new Dictionary<string, string>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}",
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = Protocol,
                ["OTEL_SERVICE_NAME"] = ServiceName,
                ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            },
            "serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", _dataDir, "--config", manifest);
        var line = await _cli.WaitForLineAsync(l => l.StartsWith("OpenAI base URL: ", StringComparison.Ordinal));
        BaseUrl = Regex.Match(line, @"(http://\S+)/v1").Groups[1].Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, BaseUrl + "/api/v1/personal-access-tokens")
        {
            Content = new StringContent("""{"name":"otlp","user":"dev@example.com"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", CliProcess.AdminToken);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        UserToken = JsonDocument.Parse(text).RootElement.GetProperty("token").GetString()!;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        _cli?.Dispose();
        await Receiver.DisposeAsync();
        await Emulator.DisposeAsync();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>POSTs <paramref name="json"/> with the user's key and the given <c>traceparent</c>; reads the whole answer.</summary>
    public async Task<(int Status, string Text, HttpResponseHeaders Headers)> PostAsync(string path, string json, string traceparent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, BaseUrl + path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", UserToken);
        request.Headers.TryAddWithoutValidation("traceparent", traceparent);
        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers);
    }

    public async Task WithThrottledFaultModelAsync(Func<Task> test)
    {
        var knobs = Emulator.Fixture.Model(FaultModel).Knobs;
        knobs.Fault = EmulatorFault.Throttle;
        try
        {
            await test();
        }
        finally
        {
            knobs.Reset();
        }
    }

    private string Manifest() => $$"""
        type: user
        name: dev@example.com
        ---
        name: {{Account}}
        type: provider-account/aws-bedrock
        region: us-east-1
        auth_data:
          type: api-key
          api_key: {{Emulator.DemoApiKey}}
        endpoint_url: {{Emulator.RuntimeEndpointTemplate}}
        sts_endpoint_url: {{Emulator.StsEndpointTemplate}}
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
            model_id: {{FaultModel}}
            model_types: [chat]
          - name: titan-embed
            type: integration/model/bedrock
            model_id: amazon.titan-embed-text-v2:0
            model_types: [embedding]
        ---
        name: {{Account}}-vm
        type: provider-account/virtual-model
        collaborators: [{subject: team:everyone, role_id: provider-account-access}]
        integrations:
          - name: retry
            type: integration/model/virtual
            model_types: [chat]
            routing_config:
              type: priority-based-routing
              load_balance_targets:
                - {target: {{Account}}/faulty, priority: 0, retry_config: {attempts: 1, delay: 10}, fallback_status_codes: ["429"]}
                - {target: {{Account}}/nova-lite, priority: 1}
        """;
}
