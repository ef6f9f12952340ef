using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Core.Configuration;
using Sluice.Core.Usage;
using Sluice.Gateway.Admin;
using Sluice.Gateway.Errors;
using Sluice.Gateway.Identity;
using Sluice.Gateway.OpenAi;
using Sluice.Gateway.Security;
using Sluice.Gateway.Snapshots;
using Sluice.Gateway.UsageRecording;
using Sluice.Storage;

namespace Sluice.Gateway.Hosting;

/// <summary>
/// Composes the whole gateway: store and migrations, tenant admin, manifests applied at start, snapshot,
/// usage writer, configuration sync (several instances), OpenAI API (<c>/v1</c>), admin API (<c>/api/v1</c>),
/// <c>/healthz</c> and <c>/readyz</c>.
/// </summary>
public static class GatewayApp
{
    public const string AdminTokenVariable = "SLUICE_ADMIN_TOKEN";


    /// <summary>Builds the app, migrates the store and loads the first snapshot; call <c>RunAsync</c>/<c>StartAsync</c> next.</summary>
    public static WebApplication Build(GatewayOptions options)
    {
        if (Sluice.Bedrock.Runtime.BedrockRuntimeClient.HttpVersionProblem(Environment.GetEnvironmentVariable("SLUICE_BEDROCK_HTTP_VERSION")) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        var dataDir = Path.GetFullPath(options.DataDir);
        Directory.CreateDirectory(dataDir);
        var output = options.Output ?? Console.Out;

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            // Sluice is configured by options and manifests, not appsettings.json: watching the install directory for a
            // change to it cost a thread and an inotify watch per subdirectory, woken by any write beneath it.
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Logging.ClearProviders();
        TelemetryHosting.ConfigureLogging(builder.Logging, options.Telemetry);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // Hosting creates an Activity for every request whenever this category is enabled at any level, only to give
        // its request-start/finish lines (Information, never printed here) a scope. Traces, when exported, still get one.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning); // the gateway prints its own banner
        // "Hosting failed to start" repeats, as a long stack trace, the exception StartAsync throws to its caller, which
        // says it in one line (see ListenAddress.DescribeBindFailure). A background service stopping the host is Critical.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        // Without TLS, Kestrel warns that HTTP/2 needs ALPN; h2 is on for TLS front ends, the warning is noise here.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Error);
        options.ConfigureLogging?.Invoke(builder.Logging);

        var address = ListenAddressOf(options);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(address, options.Port, l => l.Protocols = HttpProtocols.Http1AndHttp2);
            if (options.Telemetry.MetricsPort is { } metricsPort) k.Listen(address, metricsPort);
        });
        var inlineIo = options.InlineIo && InlineIo.IsEnabled;
        if (inlineIo)
        {
            InlineIo.ConfigureKestrel(builder.WebHost);
        }

        var services = builder.Services;
        services.AddSingleton(options.Time ?? TimeProvider.System);
        services.AddSluiceStorage(ScaleOut.ConnectionString(options, dataDir));
        services.AddSingleton(sp => new SecretProtector(MasterKeyLoader.Load(dataDir,
            options.MasterKey ?? Environment.GetEnvironmentVariable(MasterKeyLoader.EnvironmentVariable),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Sluice.Security"))));
        services.AddSingleton<AccountSecretsCodec>();
        services.AddSingleton<SnapshotHolder>();
        services.AddSingleton<ISnapshotSource>(sp => sp.GetRequiredService<SnapshotHolder>());
        services.AddSingleton<SnapshotBuilder>();
        services.AddSingleton<IProviderRuntime>(sp => ProviderHosting.Create(sp, options));
        services.AddSingleton<ConfigurationStore>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<AdminAuthFilter>();
        services.AddSingleton<UserService>();
        services.AddSingleton(_ => new PasswordHasher(options.PasswordHashOptions));
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<ISessionStore>(sp => new CachingSessionStore(
            new EfSessionStore(sp.GetRequiredService<IDbContextFactory<SluiceDbContext>>()), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new SessionTokens(sp.GetRequiredService<ISessionStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IInviteStore, EfInviteStore>();
        services.AddSingleton(sp => new InviteTokens(sp.GetRequiredService<IInviteStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<RequestAuthenticator>();
        services.AddSingleton<UsageChannelSink>();
        services.AddSingleton<IUsageSink>(sp => sp.GetRequiredService<UsageChannelSink>());
        services.AddHostedService<UsageWriterService>();
        services.AddSluiceTelemetry(options.Telemetry);
        AddLimits(services, options);
        ScaleOut.AddScaleOut(services, options);
        services.AddOpenAiApi();
        services.Configure<OpenAiApiOptions>(o => o.StreamKeepAliveInterval = options.StreamKeepAliveInterval);

        var app = builder.Build();
        InitializeAsync(app.Services, options, output).GetAwaiter().GetResult();
        if (inlineIo)
        {
            InlineIo.UseThreadPoolOutsideApi(app);
        }

        app.MapSluiceMetrics(options.Telemetry);
        app.UseOpenAiErrorBodies();
        ScaleOut.MapHealth(app);
        app.MapOpenAiApi();
        app.MapAuthApi();
        app.MapAdminApi();
        Ui.UiEndpoints.MapSluiceUi(app); // web UI at /ui, / redirects there

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var line in ListenAddress.Banner(address, new Uri(BaseUrl(app)).Port))
            {
                output.WriteLine(line);
            }
        });
        return app;
    }

    /// <summary>
    /// A base URL a client on this machine can call once the app has started, with the real port (also for port 0):
    /// the bound address, or the loopback address when every interface is bound (<c>http://127.0.0.1:PORT</c>).
    /// </summary>
    public static string BaseUrl(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var uri = new Uri(addresses?.FirstOrDefault() ?? app.Urls.First());
        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var bound)
            ? ListenAddress.ClientUrl(bound, uri.Port)
            : $"{uri.Scheme}://{uri.Host}:{uri.Port}";
    }

    /// <summary>The address <see cref="Build"/> listens on for these options.</summary>
    public static IPAddress ListenAddressOf(GatewayOptions options) =>
        options.Host ?? (options.ListenLoopbackOnly ? IPAddress.Loopback : IPAddress.Any);

    private static void AddLimits(IServiceCollection services, GatewayOptions options)
    {
        services.AddSingleton<Limits.LimitAlertQueue>();
        services.AddSingleton<Sluice.Limits.Alerts.ILimitAlertSink>(sp => sp.GetRequiredService<Limits.LimitAlertQueue>());
        services.AddHostedService(sp => sp.GetRequiredService<Limits.LimitAlertQueue>());
        services.AddSingleton(sp => new Sluice.Limits.Alerts.ThresholdTracker(sp.GetRequiredService<Sluice.Limits.Alerts.ILimitAlertSink>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Sluice.Limits.Counters.ILimitCounters>()));
        var redis = options.Redis ?? Environment.GetEnvironmentVariable(ScaleOut.RedisVariable);
        if (!string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<Sluice.Limits.Counters.ILimitCounters>(sp => new Sluice.Limits.Counters.RedisLimitCounters(redis,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Sluice.Limits.Redis")));
        }
    }

    private static async Task InitializeAsync(IServiceProvider sp, GatewayOptions options, TextWriter output)
    {
        await StoreMigrator.MigrateAsync(sp.GetRequiredService<IDbContextFactory<SluiceDbContext>>(), CancellationToken.None);
        _ = sp.GetRequiredService<SecretProtector>(); // loads (or creates) the master key now, so its warning comes first
        await ScaleOut.CheckMasterKeyAsync(sp, CancellationToken.None);

        var tokens = sp.GetRequiredService<TokenService>();
        var adminToken = options.AdminToken ?? Environment.GetEnvironmentVariable(AdminTokenVariable);
        if (await tokens.BootstrapAdminAsync(adminToken, CancellationToken.None) is { } generated)
        {
            output.WriteLine("Created the tenant admin 'admin'. Its API key is shown only this once; keep it:");
            output.WriteLine($"  {generated}");
            output.WriteLine($"(Set {AdminTokenVariable} to choose the admin key yourself.)");
        }

        var store = sp.GetRequiredService<ConfigurationStore>();
        if (options.ConfigFile is { } file)
        {
            await ApplyAsync(store, await File.ReadAllTextAsync(file), file);
        }

        for (var i = 0; i < options.Manifests.Count; i++)
        {
            await ApplyAsync(store, options.Manifests[i], $"manifest {i}");
        }

        await sp.GetRequiredService<SnapshotBuilder>().RebuildAsync(CancellationToken.None);
    }

    private static async Task ApplyAsync(ConfigurationStore store, string text, string source)
    {
        var results = await store.ApplyAsync(ManifestFile.Parse(text, source), "config:" + source, dryRun: false, CancellationToken.None);
        var problems = new List<string>();
        foreach (var r in results)
        {
            foreach (var p in r.Problems)
            {
                problems.Add($"{r.Type} {r.Name}: {p.Path}: {p.Message}");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"{source} has {problems.Count} problem(s):\n  " + string.Join("\n  ", problems));
        }
    }
}
