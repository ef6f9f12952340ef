using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sluice.Bedrock.Emulator;

/// <summary>A strict local AWS Bedrock runtime + GetInferenceProfile + STS emulator on loopback (HTTP/1.1 and h2c).</summary>
public sealed class BedrockEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorState _state;

    private BedrockEmulator(WebApplication app, EmulatorState state, int port)
    {
        _app = app;
        _state = state;
        Port = port;
        BaseUrl = new Uri($"http://127.0.0.1:{port}");
    }

    /// <summary>http://127.0.0.1:PORT</summary>
    public Uri BaseUrl { get; }

    /// <summary>The bound loopback port.</summary>
    public int Port { get; }

    /// <summary>The live fixture; knobs may be changed while running.</summary>
    public EmulatorFixture Fixture => _state.Fixture;

    /// <summary>Call counters and recent requests.</summary>
    public EmulatorStats Stats => _state.Stats;

    /// <summary>The fixture's first Bedrock API key (empty when none).</summary>
    public string DemoApiKey => _state.Fixture.ApiKeys.Count > 0 ? _state.Fixture.ApiKeys[0].Key : "";

    /// <summary>Runtime endpoint with a {region} placeholder.</summary>
    public string RuntimeEndpointTemplate => $"http://bedrock-runtime.{{region}}.localhost:{Port}";

    /// <summary>Control-plane endpoint with a {region} placeholder.</summary>
    public string ControlPlaneEndpointTemplate => $"http://bedrock.{{region}}.localhost:{Port}";

    /// <summary>STS endpoint with a {region} placeholder.</summary>
    public string StsEndpointTemplate => $"http://sts.{{region}}.localhost:{Port}";

    /// <summary>Starts the emulator on 127.0.0.1 and returns once it accepts connections.</summary>
    public static async Task<BedrockEmulator> StartAsync(EmulatorOptions options, CancellationToken ct = default)
    {
        var fixture = options.Fixture
            ?? (options.ConfigPath is not null ? EmulatorFixture.Load(options.ConfigPath) : EmulatorFixture.LoadDemo());
        fixture.Validate();
        var state = new EmulatorState(fixture, options.Log);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(BedrockEmulator).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.AllowAlternateSchemes = true; // h2c connections look like TLS to Kestrel (see H2cPriorKnowledge) but clients send :scheme http
            k.Limits.MaxRequestBodySize = 30_000_000;
            k.Limits.Http2.MaxStreamsPerConnection = 1000;
            k.Listen(IPAddress.Loopback, options.Port, l =>
            {
                l.Protocols = HttpProtocols.Http1AndHttp2;
                l.Use(H2cPriorKnowledge.Middleware);
            });
        });
        var app = builder.Build();
        var pipeline = new EmulatorPipeline(state);
        app.Run(pipeline.InvokeAsync);
        await app.StartAsync(ct);

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var port = new Uri(addresses.First()).Port;
        return new BedrockEmulator(app, state, port);
    }

    /// <summary>
    /// Completes when <paramref name="ct"/> fires or the process is asked to stop: the host's console lifetime takes
    /// SIGTERM, SIGINT and SIGQUIT (cancelling the runtime's default exit) and only signals ApplicationStopping, so a
    /// caller that waited on <paramref name="ct"/> alone would never return.
    /// </summary>
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

    /// <summary>Stops Kestrel.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(TimeSpan.FromSeconds(2).ToCancellationToken());
        await _app.DisposeAsync();
    }
}

internal static class TimeSpanExtensions
{
    public static CancellationToken ToCancellationToken(this TimeSpan timeout) => new CancellationTokenSource(timeout).Token;
}
