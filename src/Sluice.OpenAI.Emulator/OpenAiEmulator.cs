using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sluice.OpenAI.Emulator.Routes;

namespace Sluice.OpenAI.Emulator;

/// <summary>
/// A strict local OpenAI API on loopback, written from OpenAI's API reference: validation with OpenAI's error JSON
/// and statuses, Bearer key checks, SSE framed as OpenAI frames it, usage, and faults tests script per model.
/// </summary>
public sealed class OpenAiEmulator : IAsyncDisposable
{
    /// <summary>The key the default options accept.</summary>
    public const string DemoApiKey = "sk-emulator-0123456789abcdef";

    private readonly WebApplication _app;
    private readonly EmulatorState _state;

    private OpenAiEmulator(WebApplication app, EmulatorState state, int port)
    {
        _app = app;
        _state = state;
        Port = port;
        BaseUrl = $"http://127.0.0.1:{port}/v1";
    }

    /// <summary>The API's base URL, <c>http://127.0.0.1:PORT/v1</c> (an account's base_url).</summary>
    public string BaseUrl { get; }

    public int Port { get; }

    /// <summary>Requests received, oldest first (the last 500).</summary>
    public IReadOnlyCollection<ReceivedRequest> Received => _state.Received;

    /// <summary>The last request received on <paramref name="path"/> (e.g. <c>/v1/chat/completions</c>) for <paramref name="model"/> (any when null).</summary>
    public ReceivedRequest? LastRequest(string path, string? model = null) =>
        _state.Received.LastOrDefault(r => r.Path == path && (model is null || r.Json?["model"]?.GetValue<string>() == model));

    /// <summary>Makes the next call to <paramref name="model"/> fail as <paramref name="fault"/> says (once per scripted fault).</summary>
    public void Script(string model, EmulatorFault fault) => _state.Script(model, fault);

    public static async Task<OpenAiEmulator> StartAsync(OpenAiEmulatorOptions? options = null, CancellationToken ct = default)
    {
        options ??= new OpenAiEmulatorOptions();
        var state = new EmulatorState(options);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(OpenAiEmulator).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, options.Port);
        });
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.UseRouting();
        EmulatorRoutes.Map(app, state);
        await app.StartAsync(ct);
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        return new OpenAiEmulator(app, state, port);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
