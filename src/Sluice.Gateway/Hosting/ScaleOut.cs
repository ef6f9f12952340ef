using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sluice.Coordination;
using Sluice.Gateway.Security;
using Sluice.Gateway.Snapshots;
using Sluice.Gateway.UsageRecording;
using Sluice.Storage;
using Sluice.Storage.Entities;
using StackExchange.Redis;

namespace Sluice.Gateway.Hosting;

/// <summary>
/// What lets several instances share one database: configuration-version polling, Redis change notifications,
/// the master-key check, and the health endpoints a load balancer asks.
/// </summary>
public static partial class ScaleOut
{
    public const string DatabaseVariable = "SLUICE_DATABASE";
    public const string RedisVariable = "SLUICE_REDIS";

    /// <summary>
    /// Registers the configuration sync and, with a Redis configuration, the process's one
    /// <see cref="IConnectionMultiplexer"/> (shared with anything else that needs Redis) and the change channel.
    /// </summary>
    public static void AddScaleOut(IServiceCollection services, GatewayOptions options)
    {
        var redis = options.Redis ?? Environment.GetEnvironmentVariable(RedisVariable);
        if (!string.IsNullOrWhiteSpace(redis))
        {
            _ = RedisConnection.Parse(redis); // a bad string stops the start here, with the reason
            services.AddSingleton<IConnectionMultiplexer>(_ => RedisConnection.ConnectAsync(redis).GetAwaiter().GetResult());
            services.AddSingleton<IChangeChannel, RedisChangeChannel>();
        }

        services.AddSingleton(sp => new ConfigurationSync(
            sp.GetRequiredService<SnapshotBuilder>(), sp.GetRequiredService<IDbContextFactory<SluiceDbContext>>(),
            sp.GetRequiredService<ILogger<ConfigurationSync>>(), options.ConfigPollInterval, sp.GetService<IChangeChannel>()));
        services.AddHostedService(sp => sp.GetRequiredService<ConfigurationSync>());
    }

    /// <summary>The database connection string: the option, else <c>SLUICE_DATABASE</c>, else SQLite in the data directory.</summary>
    public static string ConnectionString(GatewayOptions options, string dataDir) =>
        options.ConnectionString
        ?? (Environment.GetEnvironmentVariable(DatabaseVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null)
        ?? $"Data Source={Path.Combine(dataDir, "sluice.db")}";

    /// <summary>
    /// Stores the master key's check value on the first start and warns when this instance's key differs from it:
    /// the other instances' secrets (provider credentials) would not decrypt here.
    /// </summary>
    public static async Task CheckMasterKeyAsync(IServiceProvider sp, CancellationToken ct)
    {
        var check = sp.GetRequiredService<SecretProtector>().KeyCheck;
        await using var db = await sp.GetRequiredService<IDbContextFactory<SluiceDbContext>>().CreateDbContextAsync(ct);
        var claimed = await db.ClusterState.Where(c => c.Id == ClusterStateEntity.SingletonId && c.MasterKeyCheck == null)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.MasterKeyCheck, check), ct);
        if (claimed > 0) return;
        var stored = await db.ClusterState.AsNoTracking().Where(c => c.Id == ClusterStateEntity.SingletonId)
            .Select(c => c.MasterKeyCheck).FirstOrDefaultAsync(ct);
        if (stored != check)
        {
            LogMasterKeyDiffers(sp.GetRequiredService<ILoggerFactory>().CreateLogger("Sluice.Security"), stored ?? "", check);
        }
    }

    /// <summary>
    /// <c>/healthz</c>: the process is alive (always 200 once it serves HTTP). <c>/readyz</c>: 200 once the snapshot is
    /// loaded and the last database check succeeded, else 503; the body says why and shows Redis and the usage buffer.
    /// Neither touches the database or Redis: they read what the background loops last saw.
    /// </summary>
    public static void MapHealth(WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", (SnapshotHolder holder, ConfigurationSync sync, UsageChannelSink usage, IServiceProvider sp) =>
        {
            var redis = sp.GetService<IChangeChannel>();
            var ready = holder.IsLoaded && sync.DatabaseReachable;
            var body = new ReadinessReport(
                ready ? "ready" : holder.IsLoaded ? "database unreachable" : "starting",
                holder.IsLoaded,
                sync.DatabaseReachable,
                redis is null ? "off" : redis.IsConnected ? "connected" : "unreachable",
                usage.Pending,
                usage.Dropped);
            return Results.Json(body, HealthJsonContext.Default.ReadinessReport,
                statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "This instance's master key differs from the one the database was first used with " +
        "(check value {Stored}, this instance {Mine}): every instance must start with the same SLUICE_MASTER_KEY, or provider " +
        "secrets saved by the others cannot be decrypted here")]
    private static partial void LogMasterKeyDiffers(ILogger logger, string stored, string mine);
}
