using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Frozen;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenAI;
using OpenAI.Chat;
using Sluice.Core.Access;
using Sluice.Core.Configuration;
using Sluice.Core.Pricing;
using Sluice.Core.Providers;
using Sluice.Core.Usage;
using Sluice.Gateway.OpenAi;

namespace Sluice.Gateway.Tests.OpenAi.TestHost;

/// <summary>
/// A real Kestrel on 127.0.0.1:0 running only the OpenAI data plane over an in-memory snapshot with a fake provider.
/// It also serves test images under <c>/img/...</c> for the image-URL fetcher.
/// </summary>
internal sealed class TestGateway : IAsyncDisposable
{
    public const string ChatModel = "acme/chat";
    public const string PrivateModel = "acme/private";
    public const string EmbedModel = "acme/embed";
    public const string ImageModel = "acme/image";

    /// <summary>A chat model with <c>drop_params</c> on.</summary>
    public const string LenientModel = "acme/lenient";

    /// <summary>When the chat model was added to Sluice, as /v1/models reports it.</summary>
    public static readonly DateTimeOffset ChatModelCreated = new(2026, 11, 24, 18, 6, 12, TimeSpan.Zero);

    public static readonly ModelPricing ChatPrice = new([new ScopePrice("in-region", new TokenRates(3m, 15m, 0.3m, 3.75m))]);
    public static readonly PrivateCost ImageCost = new(PerImage: 0.04m);

    private readonly WebApplication _app;

    private TestGateway(WebApplication app, FakeProvider provider, RecordingUsageSink usage, Dictionary<string, string> keys)
    {
        _app = app;
        Provider = provider;
        Usage = usage;
        Keys = keys;
        BaseUrl = app.Urls.First();
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
    }

    public string BaseUrl { get; }
    public FakeProvider Provider { get; }
    public RecordingUsageSink Usage { get; }
    public HttpClient Http { get; }

    /// <summary>Tokens by name: alice (team:ml), bob (no model access), admin (tenant admin), expired.</summary>
    public Dictionary<string, string> Keys { get; }

    public string Alice => Keys["alice"];

    /// <summary>The model served by the messages provider given to <see cref="StartAsync"/>.</summary>
    public const string MessagesModel = "acme/claude";

    /// <param name="messagesProvider">When given, also serves <see cref="MessagesModel"/> with it (a Messages-native provider).</param>
    public static async Task<TestGateway> StartAsync(Action<IServiceCollection>? configure = null, IModelProvider? messagesProvider = null)
    {
        var provider = new FakeProvider();
        var usage = new RecordingUsageSink();
        var keys = new Dictionary<string, string>();
        var keyEntries = new Dictionary<string, ApiKeyEntry>();
        AddKey("alice", new Principal("user-alice", PrincipalKind.User, "Alice", Set("user:alice@example.com", "team:everyone", "team:ml")), null);
        AddKey("bob", new Principal("user-bob", PrincipalKind.User, "Bob", Set("user:bob@example.com", "team:everyone")), null);
        AddKey("admin", new Principal("admin", PrincipalKind.TenantAdmin, "Admin", Set()), null);
        AddKey("expired", new Principal("user-alice", PrincipalKind.User, "Alice", Set("team:ml")), DateTimeOffset.UtcNow.AddMinutes(-1));

        var allowed = Set("team:ml");
        var models = new Dictionary<string, ModelRoute>(StringComparer.Ordinal);
        AddRoute(new ModelRoute("acme", "chat", ModelType.Chat, "anthropic.claude-test-v1:0", provider, ChatPrice, allowed) { CreatedAt = ChatModelCreated });
        AddRoute(new ModelRoute("acme", "lenient", ModelType.Chat, "amazon.nova-test-v1:0", provider, ChatPrice, allowed) { DropParams = true });
        AddRoute(new ModelRoute("acme", "private", ModelType.Chat, "anthropic.claude-test-v1:0", provider, ChatPrice, Set("team:secret")));
        AddRoute(new ModelRoute("acme", "embed", ModelType.Embedding, "amazon.titan-embed-text-v2:0", provider, new ModelPricing([new ScopePrice("in-region", new TokenRates(0.02m, null))]), allowed));
        if (messagesProvider is not null)
        {
            AddRoute(new ModelRoute("acme", "claude", ModelType.Chat, "anthropic.claude-test-v1:0", messagesProvider, ChatPrice, allowed) { CreatedAt = ChatModelCreated });
        }

        AddRoute(new ModelRoute("acme", "image", ModelType.Image, "amazon.nova-canvas-v1:0", provider, null, allowed) { PrivateCost = ImageCost });
        var snapshot = new GatewaySnapshot
        {
            Version = 1,
            Models = models.ToFrozenDictionary(StringComparer.Ordinal),
            Keys = keyEntries.ToFrozenDictionary(StringComparer.Ordinal),
        };

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ISnapshotSource>(new FixedSnapshotSource(snapshot));
        builder.Services.AddSingleton<IUsageSink>(usage);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOpenAiApi();
        configure?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapOpenAiApi();
        MapImages(app);
        await app.StartAsync();
        return new TestGateway(app, provider, usage, keys);

        void AddKey(string name, Principal principal, DateTimeOffset? expires)
        {
            var (token, id, salt, hash) = ApiKeyFormat.Generate();
            keys[name] = token;
            keyEntries[id] = new ApiKeyEntry(id, salt, hash, principal, expires);
        }

        void AddRoute(ModelRoute route) => models[route.FullName] = route;
    }

    public ChatClient Chat(string model = ChatModel, string? key = null) =>
        new(model, new ApiKeyCredential(key ?? Alice), Options());

    public OpenAIClient Client(string? key = null) => new(new ApiKeyCredential(key ?? Alice), Options());

    public OpenAIClientOptions Options() => new()
    {
        Endpoint = new Uri(BaseUrl + "/v1"),
        RetryPolicy = new ClientRetryPolicy(0),
        NetworkTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>
    /// A client with a connection of its own: disposing it really closes the socket (nothing drained for reuse), as a
    /// user closing a tab or killing a script does.
    /// </summary>
    public HttpClient NewClientOnOwnConnection() =>
        new(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = new Uri(BaseUrl) };

    /// <summary>A POST on <paramref name="client"/> with Alice's key.</summary>
    public Task<HttpResponseMessage> SendAsAliceAsync(HttpClient client, string path, string json, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Alice);
        return client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>A raw POST with the given JSON body and key (null: no Authorization header).</summary>
    public Task<HttpResponseMessage> PostAsync(string path, string json, string? key = "alice", HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Keys.GetValueOrDefault(key, key));
        return Http.SendAsync(request, completion);
    }

    /// <summary>A raw POST of exactly these bytes (for bodies a string cannot hold: invalid UTF-8, a byte-order mark).</summary>
    public Task<HttpResponseMessage> PostBytesAsync(string path, byte[] body, string? key = "alice")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Keys.GetValueOrDefault(key, key));
        return Http.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static FrozenSet<string> Set(params string[] items) => items.ToFrozenSet(StringComparer.Ordinal);

    private static void MapImages(WebApplication app)
    {
        app.MapGet("/img/png", (HttpContext c) => Write(c, "image/png", TestImages.Png));
        app.MapGet("/img/mislabelled", (HttpContext c) => Write(c, "image/webp", TestImages.Jpeg));
        app.MapGet("/img/html", (HttpContext c) => Write(c, "text/html", "<html></html>"u8.ToArray()));
        app.MapGet("/img/big", async (HttpContext c) =>
        {
            // No Content-Length: the fetcher must count bytes as they arrive.
            c.Response.ContentType = "image/png";
            await c.Response.Body.WriteAsync(TestImages.Png);
            var chunk = new byte[64 * 1024];
            for (var sent = 0; sent < 11 * 1024 * 1024 && !c.RequestAborted.IsCancellationRequested; sent += chunk.Length)
            {
                await c.Response.Body.WriteAsync(chunk, c.RequestAborted);
            }
        });
        app.MapGet("/img/redirect/{n:int}", (HttpContext c, int n) =>
        {
            c.Response.StatusCode = 302;
            c.Response.Headers.Location = n <= 0 ? "/img/png" : $"/img/redirect/{n - 1}";
            return Task.CompletedTask;
        });
        app.MapGet("/img/to-metadata", (HttpContext c) =>
        {
            c.Response.StatusCode = 302;
            c.Response.Headers.Location = "http://169.254.169.254/latest/meta-data/";
            return Task.CompletedTask;
        });
    }

    private static Task Write(HttpContext context, string contentType, byte[] body)
    {
        context.Response.ContentType = contentType;
        return context.Response.Body.WriteAsync(body).AsTask();
    }

    private sealed class FixedSnapshotSource(GatewaySnapshot snapshot) : ISnapshotSource
    {
        public GatewaySnapshot Current { get; } = snapshot;
    }
}
