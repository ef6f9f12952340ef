using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sluice.Gateway.Hosting;
using Sluice.Gateway.Snapshots;

namespace Sluice.Gateway.Tests.Hosting;

/// <summary>The real gateway (GatewayApp.Build) on 127.0.0.1:0 with a temporary data directory and a fake provider runtime.</summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    public const string AdminToken = "test-admin-token-0123456789";

    private GatewayHost(WebApplication app, string dataDir, RecordingProviderRuntime runtime, StringWriter output)
    {
        App = app;
        DataDir = dataDir;
        Runtime = runtime;
        Output = output;
        BaseUrl = GatewayApp.BaseUrl(app);
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
    }

    public WebApplication App { get; }
    public string DataDir { get; }
    public RecordingProviderRuntime Runtime { get; }
    public StringWriter Output { get; }
    public string BaseUrl { get; }

    /// <summary>Sends the admin's key by default.</summary>
    public HttpClient Http { get; }

    public SnapshotHolder Snapshots => App.Services.GetRequiredService<SnapshotHolder>();

    public static async Task<GatewayHost> StartAsync(string? adminToken = AdminToken, string? dataDir = null, string? configFile = null,
        TimeProvider? time = null, string? redis = null)
    {
        dataDir ??= Path.Combine(Path.GetTempPath(), "sluice-test-" + Guid.NewGuid().ToString("N"));
        var runtime = new RecordingProviderRuntime();
        var output = new StringWriter();
        var app = GatewayApp.Build(new GatewayOptions
        {
            Port = 0,
            DataDir = dataDir,
            ListenLoopbackOnly = true,
            AdminToken = adminToken ?? "",
            MasterKey = null,
            ConfigFile = configFile,
            Output = output,
            ConfigureLogging = l => l.ClearProviders(),
            ProviderRuntime = _ => runtime,
            Time = time,
            Redis = redis,
        });
        await app.StartAsync();
        return new GatewayHost(app, dataDir, runtime, output);
    }

    public async Task<(int Status, JsonElement Body, string Text)> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json", string? token = AdminToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
        }

        if (token is null)
        {
            request.Headers.Authorization = null;
        }
        else
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length > 0 && (text[0] == '{' || text[0] == '[') ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return ((int)response.StatusCode, json, text);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
