using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Core.Usage;
using Sluice.Gateway.Hosting;
using Sluice.Gateway.UsageRecording;
using Sluice.Storage;

namespace Sluice.Gateway.Tests.UsageRecording;

/// <summary>The usage writer runs on its own thread below the request threads' priority, and stores every record queued before it stops.</summary>
public sealed class UsageWriterThreadTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sluice-usage-thread-" + Guid.NewGuid().ToString("N"));

    public UsageWriterThreadTests() => Directory.CreateDirectory(_dir);

    [Fact]
    public async Task WriteLoop_RecordsArrive_StoredFromALowerPriorityThread()
    {
        var options = await MigratedStoreAsync();

        var sink = new UsageChannelSink();
        var writer = new UsageWriterService(sink, new Factory(options), NullLogger<UsageWriterService>.Instance);
        await writer.StartAsync(CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            sink.Record(new UsageRecord($"req-{i}", DateTimeOffset.UtcNow, "user:a@example.com", "acct/m", "up", "us-east-1", "chat", 200,
                1, 1, 0, 0, 0, 0m, false, 5, null));
        }

        // Stopped at once, possibly before the host ever ran the writer's loop: what was queued is stored all the same.
        await writer.StopAsync(CancellationToken.None);

        await using (var db = new SluiceDbContext(options))
        {
            Assert.Equal(3, await db.UsageRecords.CountAsync());
        }

        if (OperatingSystem.IsLinux())
        {
            Assert.True(writer.WriterIdlePolicy);
            Assert.False(BackgroundThread.CurrentIsIdlePolicy()); // the caller's thread is untouched
        }
    }

    [Fact]
    public async Task WriteLoop_BacklogBeyondCatchUp_WrittenAtNormalPriorityUntilCaughtUp()
    {
        var options = await MigratedStoreAsync();

        // As after a long overload that left the idle-priority writer no CPU: 1,000 records beyond the catch-up mark.
        var sink = new UsageChannelSink();
        var queued = UsageWriterService.CatchUpBacklog + 1_000;
        for (var i = 0; i < queued; i++)
        {
            sink.Record(new UsageRecord($"req-{i}", DateTimeOffset.UtcNow, "user:a@example.com", "acct/m", "up", "us-east-1", "chat", 200,
                1, 1, 0, 0, 0, 0m, false, 5, null));
        }

        var writer = new UsageWriterService(sink, new Factory(options), NullLogger<UsageWriterService>.Instance);
        await writer.StartAsync(CancellationToken.None);
        // Not stopped yet (a stopping writer drains at normal priority): wait until every record is stored.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        int stored;
        do
        {
            await Task.Delay(50);
            await using var db = new SluiceDbContext(options);
            stored = await db.UsageRecords.CountAsync();
        }
        while (stored < queued && DateTime.UtcNow < deadline);

        var catchUp = writer.CatchUpBatches;
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal(queued, stored);
        if (OperatingSystem.IsLinux())
        {
            // Batches of 500: after the first two the backlog is below the mark again, so the rest stay on the idle thread.
            Assert.Equal(2, catchUp);
        }
    }

    private async Task<DbContextOptions<SluiceDbContext>> MigratedStoreAsync()
    {
        var options = new DbContextOptionsBuilder<SluiceDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_dir, "usage.db")};Pooling=False").Options;
        await using var db = new SluiceDbContext(options);
        await db.Database.MigrateAsync();
        return options;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private sealed class Factory(DbContextOptions<SluiceDbContext> options) : IDbContextFactory<SluiceDbContext>
    {
        public SluiceDbContext CreateDbContext() => new(options);
    }
}
