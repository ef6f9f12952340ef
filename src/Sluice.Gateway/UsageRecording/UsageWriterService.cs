using System.Data.Common;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Core.Usage;
using Sluice.Storage;
using Sluice.Storage.Entities;

namespace Sluice.Gateway.UsageRecording;

/// <summary>
/// Writes usage records to the store in batches (up to 500, or whatever arrived within a second); flushes on shutdown.
/// While the database is unreachable a batch is retried (backing off to <see cref="MaxRetryDelay"/>) and new records
/// wait in the sink's bounded channel; a batch the reachable database refuses twice is dropped, counted and logged.
/// </summary>
public sealed partial class UsageWriterService(UsageChannelSink sink, IDbContextFactory<SluiceDbContext> dbFactory, ILogger<UsageWriterService> logger,
    Telemetry.GatewayMetrics? metrics = null)
    : BackgroundService
{
    private const int MaxBatch = 500;

    /// <summary>
    /// Records waiting beyond which batches are written at normal priority: the writer's own thread runs under
    /// <c>SCHED_IDLE</c> and gets almost no CPU while the cores are saturated, so without this a long overload would
    /// fill the channel and drop records. Ten batches is a few seconds of traffic on a small machine.
    /// </summary>
    internal const int CatchUpBacklog = 10 * MaxBatch;

    private UsageRecordInserter? _inserter;
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How late the writer may wake from its wait before it counts as starved: other processes keeping every core busy
    /// give a <c>SCHED_IDLE</c> thread almost nothing, even at a traffic too low ever to reach <see cref="CatchUpBacklog"/>.
    /// </summary>
    private static readonly TimeSpan StarvedAfter = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);
    private long _droppedLogged;
    private bool _abandoned;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        sink.Complete();
        await base.StopAsync(cancellationToken);
        if (ExecuteTask is { IsCanceled: true } && sink.Pending > 0)
        {
            // Stopped before ExecuteAsync ever ran (the host starts it on the thread pool with the stopping token): the
            // records queued meanwhile are still stored, as the loop would have done.
            await Hosting.BackgroundThread.Run("Sluice usage writer", WriteLoop);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await BackfillAsync(stoppingToken);
        // Its own thread at a lower priority: a batch is a burst of CPU that must not hold up requests (see BackgroundThread).
        await Hosting.BackgroundThread.Run("Sluice usage writer", WriteLoop);
    }

    /// <summary>Whether the writer's thread runs under <c>SCHED_IDLE</c> (tests read it; false off Linux).</summary>
    internal bool WriterIdlePolicy { get; private set; }

    /// <summary>Batches written at normal priority: the writer had fallen behind, was starved, or the gateway is stopping (tests read it).</summary>
    internal int CatchUpBatches { get; private set; }

    /// <summary>
    /// Blocking waits on the dedicated thread: the SQLite store completes its calls synchronously, so whole batches run
    /// here, at the thread's priority; a networked store's continuations run on the thread pool while this one waits.
    /// </summary>
    private void WriteLoop()
    {
        WriterIdlePolicy = Hosting.BackgroundThread.CurrentIsIdlePolicy();
        var reader = sink.Reader;
        var batch = new List<UsageRecord>(MaxBatch);
        // The loop ends when the channel is completed and drained, not on the stopping token, so nothing queued is lost.
        while (reader.WaitToReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult())
        {
            // Wake once per window, not once per record: waiting on the channel for every record cost a thread wake-up,
            // a timer and a CancellationTokenSource per request on the request path's cores.
            var started = DateTime.UtcNow;
            var starved = false;
            Drain(reader, batch);
            if (batch.Count < MaxBatch && !sink.Closing.IsCompleted)
            {
                var remaining = MaxWait - (DateTime.UtcNow - started);
                if (remaining > TimeSpan.Zero)
                {
                    Task.WaitAny(Task.Delay(remaining), sink.Closing);
                    starved = DateTime.UtcNow - started - MaxWait > StarvedAfter;
                }

                Drain(reader, batch);
            }

            if (WriterIdlePolicy && (sink.Pending >= CatchUpBacklog || starved || sink.Closing.IsCompleted))
            {
                // Behind, starved, or stopping (the host's shutdown timeout must not cut the drain short): this thread
                // cannot raise its own priority, so a thread-pool thread writes the batch.
                CatchUpBatches++;
                Task.Run(() => WriteAsync(batch)).GetAwaiter().GetResult();
            }
            else
            {
                WriteAsync(batch).GetAwaiter().GetResult();
            }

            batch.Clear();
        }
    }

    private async Task BackfillAsync(CancellationToken ct)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            _inserter ??= UsageRecordInserter.Create(db);
            await _inserter.BackfillRollupsAsync(db, ct);
        }
        catch (Exception e) when (DatabaseFailure(e) is not null)
        {
            LogBackfillFailed(logger, e.Message);
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // The host is stopping (or never finished starting, e.g. its port was taken): whatever the cancelled
            // backfill threw (a cancelled query, a disposed service provider) is not worth a failure report; the next
            // start backfills again.
        }
    }

    private static void Drain(ChannelReader<UsageRecord> reader, List<UsageRecord> batch)
    {
        while (batch.Count < MaxBatch && reader.TryRead(out var record))
        {
            batch.Add(record);
        }
    }

    private async Task WriteAsync(List<UsageRecord> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        if (_abandoned)
        {
            // Stopping with the database away: the loss was logged once; do not spend the shutdown retrying every batch.
            sink.CountLost(batch.Count);
            return;
        }

        var delay = TimeSpan.FromMilliseconds(250);
        var refusals = 0;
        var outageLogged = false;
        while (true)
        {
            try
            {
                await InsertAsync(batch);
                if (outageLogged) LogWriteResumed(logger, sink.Pending + batch.Count);
                break;
            }
            catch (Exception failure) when (DatabaseFailure(failure) is { } e)
            {
                var reachable = !IsOutage(e) && await IsReachableAsync();
                if (reachable && ++refusals >= 2)
                {
                    // The database answers but refuses these rows: retrying cannot help, and would hold up every record behind them.
                    LogWriteFailed(logger, batch.Count, e.Message);
                    sink.CountLost(batch.Count);
                    break;
                }

                if (!reachable && sink.Closing.IsCompleted && ++refusals >= 3)
                {
                    LogLostAtShutdown(logger, batch.Count + sink.Pending, e.Message);
                    sink.CountLost(batch.Count);
                    _abandoned = true;
                    break;
                }

                if (!reachable && !outageLogged)
                {
                    LogWriteDelayed(logger, e.Message);
                    outageLogged = true;
                }
            }

            await Task.Delay(delay);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }

        var dropped = sink.Dropped;
        if (dropped != _droppedLogged)
        {
            LogDropped(logger, dropped - _droppedLogged, dropped);
            _droppedLogged = dropped;
        }
    }

    private async Task InsertAsync(List<UsageRecord> batch)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await using var db = await dbFactory.CreateDbContextAsync();
        _inserter ??= UsageRecordInserter.Create(db);
        await _inserter.InsertAsync(db, batch, CancellationToken.None);
        metrics?.UsageBatchWritten(System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    /// <summary>The database's error, also when the provider wrapped it (Npgsql's "likely due to a transient failure").</summary>
    internal static DbException? DatabaseFailure(Exception e) => e switch
    {
        DbException db => db,
        InvalidOperationException { InnerException: DbException db } => db,
        _ => null,
    };

    /// <summary>
    /// A failure of the connection rather than of the rows: network errors, a server shutting down or starting up
    /// (SQLSTATE classes 08, 57, 53), or what the provider itself calls transient (SQLite's busy file, a timeout).
    /// </summary>
    private static bool IsOutage(DbException e) =>
        e.IsTransient
        || e.SqlState is { Length: 5 } state && (state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("57", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal))
        || e.InnerException is IOException or System.Net.Sockets.SocketException or TimeoutException;

    private async Task<bool> IsReachableAsync()
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            return await db.Database.CanConnectAsync();
        }
        catch (Exception e) when (DatabaseFailure(e) is not null)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database is unreachable ({Reason}); usage records wait in memory and are retried")]
    private static partial void LogWriteDelayed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The database is back; {Count} waiting usage records are being stored")]
    private static partial void LogWriteResumed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lost {Count} usage records: the database stayed unreachable while the gateway stopped ({Reason})")]
    private static partial void LogLostAtShutdown(ILogger logger, int count, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dropped {Count} usage records (the in-memory buffer was full or the database refused them); {Total} since start")]
    private static partial void LogDropped(ILogger logger, long count, long total);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not build the hourly usage rollups of earlier records: {Reason}")]
    private static partial void LogBackfillFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The database refused {Count} usage records, which are dropped: {Reason}")]
    private static partial void LogWriteFailed(ILogger logger, int count, string reason);
}
