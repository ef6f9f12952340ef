using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Sluice.Gateway.Tests.Limits;

/// <summary>A local HTTP endpoint on 127.0.0.1:0 that records every POST it receives (path and body).</summary>
internal sealed class WebhookListener : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<(string Path, string Body)> _received = Channel.CreateUnbounded<(string, string)>();

    private WebhookListener(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public static async Task<WebhookListener> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var listener = new WebhookListener(app);
        app.MapPost("/{**rest}", async (HttpContext c) =>
        {
            using var reader = new StreamReader(c.Request.Body);
            await listener._received.Writer.WriteAsync((c.Request.Path.Value ?? "/", await reader.ReadToEndAsync()));
            return Results.Ok();
        });
        await app.StartAsync();
        listener.Url = app.Urls.First() + "/";
        return listener;
    }

    /// <summary>Waits for <paramref name="count"/> deliveries, in arrival order (10 s at most).</summary>
    public async Task<List<(string Path, string Body)>> WaitForAsync(int count)
    {
        var result = new List<(string, string)>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (result.Count < count) result.Add(await _received.Reader.ReadAsync(timeout.Token));
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
