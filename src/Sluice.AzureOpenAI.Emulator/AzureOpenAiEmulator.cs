using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sluice.AzureOpenAI.Emulator.DataPlane;
using Sluice.AzureOpenAI.Emulator.Entra;
using Sluice.AzureOpenAI.Emulator.Fixtures;

namespace Sluice.AzureOpenAI.Emulator;

/// <summary>
/// A strict local Azure OpenAI resource and Microsoft Entra ID token endpoint on one loopback port: the resource
/// endpoint is <see cref="BaseUrl"/>, the Entra authority host is <see cref="AuthorityHost"/>.
/// </summary>
public sealed class AzureOpenAiEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AzureOpenAiEmulator(WebApplication app, EntraDirectory directory, AzureResourceState resource, int port)
    {
        _app = app;
        Directory = directory;
        Resource = resource;
        Port = port;
        BaseUrl = new Uri($"http://127.0.0.1:{port}");
        AuthorityHost = new Uri($"http://127.0.0.1:{port}/entra/");
    }

    /// <summary>http://127.0.0.1:PORT, the emulated resource endpoint (what <c>https://{resource}.openai.azure.com</c> is in Azure).</summary>
    public Uri BaseUrl { get; }

    /// <summary>The emulated Entra ID authority host: tokens come from <c>{AuthorityHost}{tenant}/oauth2/v2.0/token</c>.</summary>
    public Uri AuthorityHost { get; }

    public int Port { get; }

    /// <summary>The emulated directory: app registrations, issued tokens, request counters.</summary>
    public EntraDirectory Directory { get; }

    /// <summary>The emulated resource: key, deployments, api-versions, scripted faults, received requests.</summary>
    public AzureResourceState Resource { get; }

    /// <summary>Starts the emulator on 127.0.0.1 and returns once it accepts connections.</summary>
    public static async Task<AzureOpenAiEmulator> StartAsync(AzureEmulatorOptions options, CancellationToken ct = default)
    {
        var directory = new EntraDirectory(options.Time ?? TimeProvider.System);
        var resource = new AzureResourceState();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(AzureOpenAiEmulator).Assembly.GetName().Name });
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
        app.Map("/entra/{tenant}/oauth2/v2.0/token", (HttpContext context, string tenant) => TokenEndpoint.HandleAsync(context, tenant, directory));
        app.Map("/openai/deployments/{deployment}/{**operation}",
            (HttpContext context, string deployment, string operation) => DeploymentEndpoint.HandleAsync(context, deployment, operation, resource, directory));
        app.MapGet("/openai/models", (HttpContext context) => ModelsEndpoint.HandleAsync(context, resource, directory));
        app.MapFallback((HttpContext context) => AzureErrorWriter.CodeAsync(context, 404, "404", AzureErrorWriter.ResourceNotFound));
        await app.StartAsync(ct);

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new AzureOpenAiEmulator(app, directory, resource, new Uri(addresses.First()).Port);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
