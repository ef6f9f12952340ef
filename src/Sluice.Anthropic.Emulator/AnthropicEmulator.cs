using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Anthropic.Emulator.Hosting;

namespace Sluice.Anthropic.Emulator;

/// <summary>A strict local emulator of Anthropic's API on loopback, for tests and local runs.</summary>
public sealed class AnthropicEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorHandler _handler;
    private readonly ConcurrentQueue<ReceivedRequest> _received;

    private AnthropicEmulator(WebApplication app, EmulatorHandler handler, ConcurrentQueue<ReceivedRequest> received, int port, IReadOnlyList<string> keys)
    {
        _app = app;
        _handler = handler;
        _received = received;
        BaseUrl = $"http://127.0.0.1:{port}";
        ApiKeys = keys;
    }

    /// <summary>http://127.0.0.1:PORT (what an account's base_url is set to).</summary>
    public string BaseUrl { get; }

    /// <summary>The keys the emulator accepts.</summary>
    public IReadOnlyList<string> ApiKeys { get; }

    /// <summary>The requests received so far, oldest first (the last 500).</summary>
    public IReadOnlyList<ReceivedRequest> Received => [.. _received];

    /// <summary>The knobs of a model, by its ID; safe to change while running.</summary>
    public ModelKnobs Knobs(string modelId) => _handler.Knobs(modelId);

    /// <summary>Starts the emulator on 127.0.0.1 and returns once it accepts connections.</summary>
    public static async Task<AnthropicEmulator> StartAsync(AnthropicEmulatorOptions options, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(AnthropicEmulator).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 32_000_000; // Anthropic's Messages limit is 32 MB
            k.Listen(IPAddress.Loopback, options.Port);
        });
        var app = builder.Build();
        var received = new ConcurrentQueue<ReceivedRequest>();
        var handler = new EmulatorHandler(options, options.Models ?? EmulatedModel.Defaults, new ConcurrentDictionary<string, ModelKnobs>(StringComparer.Ordinal), received);
        app.Run(handler.InvokeAsync);
        await app.StartAsync(ct);
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        return new AnthropicEmulator(app, handler, received, port, options.ApiKeys);
    }

    /// <summary>Completes when <paramref name="ct"/> fires or the process is asked to stop.</summary>
    public async Task WaitForShutdownAsync(CancellationToken ct)
    {
        var stopping = _app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var either = CancellationTokenSource.CreateLinkedTokenSource(ct, stopping);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (either.Token.Register(() => stopped.TrySetResult()))
        {
            await stopped.Task;
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
