using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Coordination;
using Sluice.Storage;
using Sluice.Storage.Entities;

namespace Sluice.Gateway.Snapshots;

/// <summary>
/// Keeps this instance's snapshot in step with changes made through other instances sharing the database: polls
/// the configuration version every <see cref="PollInterval"/> and rebuilds when it moved; a Redis notification
/// wakes it at once. Also the instance's view of the database's health (<see cref="DatabaseReachable"/>).
/// </summary>
public sealed partial class ConfigurationSync(
    SnapshotBuilder builder,
    IDbContextFactory<SluiceDbContext> dbFactory,
    ILogger<ConfigurationSync> logger,
    TimeSpan pollInterval,
    IChangeChannel? changes = null) : BackgroundService
{
    /// <summary>The default poll interval: a change reaches every instance within about this long without Redis.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _wake = new(0, 1);
    private int _databaseReachable = 1;

    public TimeSpan PollInterval => pollInterval;

    /// <summary>False after the last check of the configuration version failed to reach the database.</summary>
    public bool DatabaseReachable => Volatile.Read(ref _databaseReachable) == 1;

    /// <summary>Makes the loop check the version now (a change notification, or a test).</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // A check is already due.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        changes?.Subscribe(Wake);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(pollInterval, stoppingToken);
                await CheckAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task CheckAsync(CancellationToken ct)
    {
        try
        {
            long version;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                version = await db.ClusterState.AsNoTracking().Where(c => c.Id == ClusterStateEntity.SingletonId)
                    .Select(c => c.ConfigVersion).FirstOrDefaultAsync(ct);
            }

            if (Interlocked.Exchange(ref _databaseReachable, 1) == 0) LogDatabaseBack(logger);
            if (version != builder.BuiltConfigVersion)
            {
                await builder.RebuildAsync(ct);
            }
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException && !ct.IsCancellationRequested)
        {
            // The current snapshot keeps serving; the next check tries again.
            if (Interlocked.Exchange(ref _databaseReachable, 0) == 1) LogDatabaseUnreachable(logger, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database is unreachable ({Reason}): serving on with the current configuration")]
    private static partial void LogDatabaseUnreachable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The database is reachable again")]
    private static partial void LogDatabaseBack(ILogger logger);
}
