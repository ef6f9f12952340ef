using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Core.Usage;
using Sluice.Storage;
using Sluice.Storage.Entities;

namespace Sluice.Gateway.UsageRecording;

/// <summary>Writes usage records to the store in batches (up to 500, or whatever arrived within a second); flushes on shutdown.</summary>
public sealed partial class UsageWriterService(UsageChannelSink sink, IDbContextFactory<SluiceDbContext> dbFactory, ILogger<UsageWriterService> logger)
    : BackgroundService
{
    private const int MaxBatch = 500;
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(1);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        sink.Complete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = sink.Reader;
        var batch = new List<UsageRecord>(MaxBatch);
        // The loop ends when the channel is completed and drained, not on the stopping token, so nothing queued is lost.
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            var deadline = DateTime.UtcNow + MaxWait;
            while (batch.Count < MaxBatch)
            {
                if (reader.TryRead(out var record))
                {
                    batch.Add(record);
                    continue;
                }

                var remaining = deadline - DateTime.UtcNow;
                if (remaining <= TimeSpan.Zero || reader.Completion.IsCompleted)
                {
                    break;
                }

                using var wait = new CancellationTokenSource(remaining);
                try
                {
                    if (!await reader.WaitToReadAsync(wait.Token))
                    {
                        break;
                    }
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            await WriteAsync(batch);
            batch.Clear();
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
            await using var db = await dbFactory.CreateDbContextAsync();
            foreach (var r in batch)
            {
                db.UsageRecords.Add(new UsageRecordEntity
                {
                    RequestId = r.RequestId,
                    Timestamp = r.Timestamp,
                    PrincipalId = r.PrincipalId,
                    Model = r.Model,
                    UpstreamModelId = r.UpstreamModelId,
                    Region = r.Region,
                    Operation = r.Operation,
                    Status = r.Status,
                    PromptTokens = r.PromptTokens,
                    CompletionTokens = r.CompletionTokens,
                    CachedTokens = r.CachedTokens,
                    CacheWriteTokens = r.CacheWriteTokens,
                    Images = r.Images,
                    CostUsd = r.CostUsd,
                    PrivateCost = r.PrivateCost,
                    LatencyMs = r.LatencyMs,
                    ErrorCode = r.ErrorCode,
                });
            }

            await db.SaveChangesAsync();
        }
        catch (DbUpdateException e)
        {
            LogWriteFailed(logger, batch.Count, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not store {Count} usage records: {Reason}")]
    private static partial void LogWriteFailed(ILogger logger, int count, string reason);
}
