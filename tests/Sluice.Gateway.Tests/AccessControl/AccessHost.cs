using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Sluice.Gateway.Hosting;
using Sluice.Gateway.Identity;
using Sluice.Gateway.Tests.Hosting;

namespace Sluice.Gateway.Tests.AccessControl;

/// <summary>
/// The real gateway on 127.0.0.1:0 (fake provider runtime, cheap Argon2 settings), recording every HTTP exchange
/// and every log line so tests can scan them.
/// </summary>
internal sealed class AccessHost : IAsyncDisposable
{
    public const string AdminToken = "sk-admin-matrix-token-0123456789abcdef";

    private AccessHost(WebApplication app, string dataDir, RecordingProviderRuntime runtime, CapturingLoggerProvider logs)
    {
        App = app;
        DataDir = dataDir;
        Runtime = runtime;
        Logs = logs;
        BaseUrl = GatewayApp.BaseUrl(app);
    }

    public WebApplication App { get; }
    public string DataDir { get; }
    public RecordingProviderRuntime Runtime { get; }
    public CapturingLoggerProvider Logs { get; }
    public string BaseUrl { get; }

    /// <summary>Every response seen: status line, headers and body.</summary>
    public ConcurrentQueue<string> Exchanges { get; } = new();

    public static async Task<AccessHost> StartAsync()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "sluice-access-" + Guid.NewGuid().ToString("N"));
        var runtime = new RecordingProviderRuntime();
        var logs = new CapturingLoggerProvider();
        var app = GatewayApp.Build(new GatewayOptions
        {
            Port = 0,
            DataDir = dataDir,
            ListenLoopbackOnly = true,
            AdminToken = AdminToken,
            Output = new StringWriter(),
            PasswordHashOptions = new PasswordHashOptions { MemoryKiB = 1024, Iterations = 1 },
            ConfigureLogging = l =>
            {
                l.ClearProviders();
                l.AddProvider(logs);
                l.AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace);
            },
            ProviderRuntime = _ => runtime,
        });
        await app.StartAsync();
        return new AccessHost(app, dataDir, runtime, logs);
    }

    /// <summary>One call; <paramref name="token"/> null sends no Authorization header; <paramref name="headers"/> adds any others (cookies, CSRF).</summary>
    public async Task<Reply> SendAsync(HttpMethod method, string path, string? body = null, string? token = null,
        string contentType = "application/json", IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var handler = new HttpClientHandler { UseCookies = false };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(BaseUrl) };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var all = new StringBuilder().Append((int)response.StatusCode).Append('\n');
        foreach (var h in response.Headers.Concat(response.Content.Headers))
        {
            all.Append(h.Key).Append(": ").Append(string.Join(", ", h.Value)).Append('\n');
        }

        Exchanges.Enqueue(all.Append(text).ToString());
        var json = text.Length > 0 && (text[0] == '{' || text[0] == '[') ? JsonDocument.Parse(text).RootElement.Clone() : default;
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
        return new Reply(response.StatusCode, json, text, cookies);
    }

    public Task<Reply> AdminAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json") =>
        SendAsync(method, path, body, AdminToken, contentType);

    /// <summary>Creates a personal access token for <paramref name="email"/> (as the admin) and returns it.</summary>
    public async Task<(string Id, string Token)> PatAsync(string email, string? expiresAt = null)
    {
        var expiry = expiresAt is null ? "" : $",\"expires_at\":\"{expiresAt}\"";
        var reply = await AdminAsync(HttpMethod.Post, "/api/v1/personal-access-tokens", $"{{\"name\":\"key\",\"user\":\"{email}\"{expiry}}}");
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        return (reply.Json.GetProperty("id").GetString()!, reply.Json.GetProperty("token").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
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

    /// <summary>A response: status, parsed JSON (default when not JSON), raw text and Set-Cookie headers.</summary>
    internal sealed record Reply(HttpStatusCode Status, JsonElement Json, string Text, List<string> SetCookies)
    {
        public string? ErrorMessage => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("error", out var e) && e.TryGetProperty("message", out var m) ? m.GetString() : null;

        public string? ErrorCode => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("error", out var e) && e.TryGetProperty("code", out var c) ? c.GetString() : null;

        /// <summary>The value a Set-Cookie header gave <paramref name="name"/>, or null.</summary>
        public string? Cookie(string name)
        {
            foreach (var header in SetCookies)
            {
                if (header.StartsWith(name + "=", StringComparison.Ordinal))
                {
                    return header[(name.Length + 1)..header.IndexOf(';', StringComparison.Ordinal)];
                }
            }

            return null;
        }
    }
}
