using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sluice.Gateway.Hosting;
using Sluice.Gateway.Snapshots;
using Sluice.Gateway.Tests.Scaling;

namespace Sluice.Gateway.Tests.Hosting;

/// <summary>The real gateway (GatewayApp.Build) on 127.0.0.1:0 with a temporary data directory and a fake provider runtime.</summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    public const string AdminToken = "test-admin-token-0123456789";

    private GatewayHost(WebApplication app, string dataDir, RecordingProviderRuntime runtime, StringWriter output, string? connectionString)
    {
        ConnectionString = connectionString;
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

    /// <summary>The PostgreSQL database's connection string; null on SQLite (in <see cref="DataDir"/>).</summary>
    public string? ConnectionString { get; }

    /// <summary>Sends the admin's key by default.</summary>
    public HttpClient Http { get; }

    public SnapshotHolder Snapshots => App.Services.GetRequiredService<SnapshotHolder>();

    /// <summary>
    /// Starts a gateway on <paramref name="store"/> (a fresh database), or on <paramref name="connectionString"/> when
    /// given (several hosts on one PostgreSQL database); <paramref name="redis"/> adds change notifications.
    /// </summary>
    public static async Task<GatewayHost> StartAsync(string? adminToken = AdminToken, string? dataDir = null, string? configFile = null,
        TestStore store = TestStore.Sqlite, string? connectionString = null, string? redis = null, string? masterKey = null,
        TimeSpan? configPollInterval = null, Action<ILoggingBuilder>? logging = null, TimeProvider? time = null)
    {
        dataDir ??= Path.Combine(Path.GetTempPath(), "sluice-test-" + Guid.NewGuid().ToString("N"));
        connectionString ??= await TestStores.ConnectionStringAsync(store);
        var runtime = new RecordingProviderRuntime();
        var output = new StringWriter();
        var app = GatewayApp.Build(new GatewayOptions
        {
            Port = 0,
            DataDir = dataDir,
            ListenLoopbackOnly = true,
            AdminToken = adminToken ?? "",
            MasterKey = masterKey,
            ConfigFile = configFile,
            Output = output,
            ConnectionString = connectionString,
            Redis = redis,
            ConfigPollInterval = configPollInterval ?? Sluice.Gateway.Snapshots.ConfigurationSync.DefaultPollInterval,
            ConfigureLogging = logging ?? (l => l.ClearProviders()),
            ProviderRuntime = _ => runtime,
            Time = time,
        });
        await app.StartAsync();
        return new GatewayHost(app, dataDir, runtime, output, connectionString);
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
        if (ConnectionString is not null)
        {
            await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
            Npgsql.NpgsqlConnection.ClearPool(connection);
        }

        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
