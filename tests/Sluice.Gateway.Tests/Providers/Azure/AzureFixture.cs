using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OpenAI;
using Sluice.AzureOpenAI.Emulator;
using Sluice.AzureOpenAI.Emulator.Entra;
using Sluice.AzureOpenAI.Emulator.Fixtures;
using Sluice.Gateway.Hosting;

namespace Sluice.Gateway.Tests.Providers.Azure;

/// <summary>
/// The real gateway on 127.0.0.1:0 in front of the Azure OpenAI emulator (resource and Entra ID), configured by one
/// manifest: an api-key account, an Entra ID account, and accounts with a wrong key and a wrong client secret. The
/// gateway and the emulator share a fake clock so tests can let Entra tokens expire.
/// </summary>
public sealed class AzureFixture : IAsyncLifetime
{
    public const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public const string ClientId = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
    public const string ClientSecret = "Xy8Q~emulated-client-secret-value";

    /// <summary>The deployment whose faults tests script (no other test calls it).</summary>
    public const string FaultDeployment = "faulty";

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "sluice-azure-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public AzureOpenAiEmulator Emulator { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public string AdminToken { get; } = "admin-" + Guid.NewGuid().ToString("N");

    public string UserToken { get; private set; } = "";

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync()
    {
        Emulator = await AzureOpenAiEmulator.StartAsync(new AzureEmulatorOptions { Time = Time });
        Emulator.Directory.Add(new EntraApp(Tenant, ClientId, ClientSecret));
        Emulator.Resource.AddDeployment(new AzureDeployment("gpt-4o", "gpt-4o-2024-11-20"));
        Emulator.Resource.AddDeployment(new AzureDeployment("chat-prod", "gpt-4o-mini-2024-07-18"));
        Emulator.Resource.AddDeployment(new AzureDeployment(FaultDeployment, "gpt-4o-2024-11-20"));
        Emulator.Resource.AddDeployment(new AzureDeployment("text-embedding-3-small", "text-embedding-3-small", Embeddings: true));

        _app = GatewayApp.Build(new GatewayOptions
        {
            Port = 0,
            DataDir = _dataDir,
            ListenLoopbackOnly = true,
            AdminToken = AdminToken,
            Manifests = [Manifest()],
            Output = new StringWriter(),
            ConfigureLogging = l => l.ClearProviders(),
            Time = Time,
            AzureAuthorityHost = Emulator.AuthorityHost,
        });
        await _app.StartAsync();
        BaseUrl = GatewayApp.BaseUrl(_app);
        var (status, body, text, _) = await SendAsync(HttpMethod.Post, "/api/v1/personal-access-tokens", """{"name":"azure","user":"dev@example.com"}""", AdminToken);
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

    /// <summary>An OpenAI SDK client on the gateway's <c>/v1</c> that never retries (a retry would hide a scripted fault).</summary>
    public OpenAIClient OpenAi() =>
        new(new ApiKeyCredential(UserToken), new OpenAIClientOptions { Endpoint = new Uri(BaseUrl + "/v1"), RetryPolicy = new ClientRetryPolicy(maxRetries: 0) });

    public async Task<(int Status, JsonElement Body, string Text, HttpResponseHeaders Headers)> SendAsync(HttpMethod method, string path, string? json, string? token = null)
    {
        using var request = new HttpRequestMessage(method, BaseUrl + path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? UserToken);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length > 0 && (text[0] == '{' || text[0] == '[') ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return ((int)response.StatusCode, body, text, response.Headers);
    }

    /// <summary>The usage record of <paramref name="requestId"/> (written in the background: waits for it).</summary>
    public async Task<JsonElement> UsageRecordAsync(string requestId)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var (_, body, _, _) = await SendAsync(HttpMethod.Get, "/api/v1/usage?limit=200", null, AdminToken);
            foreach (var r in body.GetProperty("data").EnumerateArray())
            {
                if (r.GetProperty("request_id").GetString() == requestId) return r.Clone();
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"no usage record for {requestId} within 20 s");
    }

    private string Manifest() => $"""
        type: user
        name: dev@example.com
        ---
        name: azure
        type: provider-account/azure-openai
        base_url: {Emulator.BaseUrl}openai
        api_version: 2024-10-21
        auth_data:
          type: api-key
          api_key: {Emulator.Resource.ApiKey}
        collaborators:
          - subject: team:everyone
            role_id: provider-account-access
        integrations:
          - name: gpt-4o
            type: integration/model/azure-openai
            model_id: gpt-4o
            model_types: [chat]
          - name: chat-prod
            type: integration/model/azure-openai
            model_id: chat-prod
            model_types: [chat]
            cost:
              per_1000_tokens:
                input: 0.5
                output: 1.5
          - name: missing
            type: integration/model/azure-openai
            model_id: not-deployed
            model_types: [chat]
          - name: faulty
            type: integration/model/azure-openai
            model_id: {FaultDeployment}
            model_types: [chat]
          - name: embed
            type: integration/model/azure-openai
            model_id: text-embedding-3-small
            model_types: [embedding]
        ---
        name: azure-entra
        type: provider-account/azure-openai
        base_url: {Emulator.BaseUrl}
        auth_data:
          type: azure-client-secret
          tenant_id: {Tenant}
          client_id: {ClientId}
          client_secret: {ClientSecret}
        collaborators:
          - subject: team:everyone
            role_id: provider-account-access
        integrations:
          - name: gpt-4o
            type: integration/model/azure-openai
            model_id: gpt-4o
            model_types: [chat]
        ---
        name: azure-badkey
        type: provider-account/azure-openai
        base_url: {Emulator.BaseUrl}
        auth_data:
          type: api-key
          api_key: not-the-resource-key
        collaborators:
          - subject: team:everyone
            role_id: provider-account-access
        integrations:
          - name: gpt-4o
            type: integration/model/azure-openai
            model_id: gpt-4o
            model_types: [chat]
        ---
        name: azure-badsecret
        type: provider-account/azure-openai
        base_url: {Emulator.BaseUrl}
        auth_data:
          type: azure-client-secret
          tenant_id: {Tenant}
          client_id: {ClientId}
          client_secret: the-secret-id-instead-of-its-value
        collaborators:
          - subject: team:everyone
            role_id: provider-account-access
        integrations:
          - name: gpt-4o
            type: integration/model/azure-openai
            model_id: gpt-4o
            model_types: [chat]
        ---
        name: azure-vm
        type: provider-account/virtual-model
        collaborators:
          - subject: team:everyone
            role_id: provider-account-access
        integrations:
          - name: key-then-entra
            type: integration/model/virtual
            model_types: [chat]
            routing_config:
              type: priority-based-routing
              load_balance_targets:
                - target: azure/faulty
                  priority: 0
                  retry_config:
                    attempts: 0
                - target: azure-entra/gpt-4o
                  priority: 1
        """;
}
