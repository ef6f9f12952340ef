using System.Data.Common;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Core.Usage;
using Sluice.Storage;
using Sluice.Storage.Entities;

namespace Sluice.Gateway.UsageRecording;

/// <summary>Writes usage records to the store in batches (up to 500, or whatever arrived within a second); flushes on shutdown.</summary>
public sealed partial class UsageWriterService(UsageChannelSink sink, IDbContextFactory<SluiceDbContext> dbFactory, ILogger<UsageWriterService> logger,
    Telemetry.GatewayMetrics? metrics = null)
    : BackgroundService
{
    private const int MaxBatch = 500;
    private UsageRecordInserter? _inserter;
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(1);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        sink.Complete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await BackfillAsync(stoppingToken);
        var reader = sink.Reader;
        var batch = new List<UsageRecord>(MaxBatch);
        // The loop ends when the channel is completed and drained, not on the stopping token, so nothing queued is lost.
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            // Wake once per window, not once per record: waiting on the channel for every record cost a thread wake-up,
            // a timer and a CancellationTokenSource per request on the request path's cores.
            var started = DateTime.UtcNow;
            Drain(reader, batch);
            if (batch.Count < MaxBatch && !sink.Closing.IsCompleted)
            {
                var remaining = MaxWait - (DateTime.UtcNow - started);
                if (remaining > TimeSpan.Zero)
                {
                    await Task.WhenAny(Task.Delay(remaining), sink.Closing);
                }

                Drain(reader, batch);
            }

            await WriteAsync(batch);
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
        catch (DbException e)
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

        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await using var db = await dbFactory.CreateDbContextAsync();
            _inserter ??= UsageRecordInserter.Create(db);
            await _inserter.InsertAsync(db, batch, CancellationToken.None);
            metrics?.UsageBatchWritten(System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
        catch (DbException e)
        {
            LogWriteFailed(logger, batch.Count, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not build the hourly usage rollups of earlier records: {Reason}")]
    private static partial void LogBackfillFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not store {Count} usage records: {Reason}")]
    private static partial void LogWriteFailed(ILogger logger, int count, string reason);
}
