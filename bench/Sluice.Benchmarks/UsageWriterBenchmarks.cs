using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Sluice.Core.Usage;
using Sluice.Gateway.UsageRecording;
using Sluice.Storage;

namespace Sluice.Benchmarks;

/// <summary>
/// The usage writer's flush on SQLite: one batch of 1,000 records (and their hourly and daily rollups) in one
/// transaction into a temporary file, a fresh context per batch as the writer does. <see cref="EfParameters"/> is the
/// former path (a reused single-row INSERT through EF type mappings and Microsoft.Data.Sqlite parameters),
/// <see cref="BoundByIndex"/> the current one (<see cref="SqliteUsageBatch"/>), <see cref="RollupsOnly"/> the rollups'
/// share of it. Divide by 1,000 for a record.
/// </summary>
/// <remarks>
/// The file lives on /dev/shm when there is one: the commit's fsync is the disk's cost, the same for both paths, and
/// on a shared machine its variance would drown the CPU cost this measures.
/// </remarks>
[MemoryDiagnoser]
public class UsageWriterBenchmarks
{
    private const int BatchSize = 1000;
    private readonly string _path = Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(),
        "sluice-usage-writer-bench-" + Guid.NewGuid().ToString("N") + ".db");
    private DbContextOptions<SluiceDbContext> _options = null!;
    private UsageRecordInserter _efParameters = null!;
    private UsageRecordInserter _boundByIndex = null!;
    private readonly UsageRollupWriter _rollups = new(bindByIndexOnSqlite: true);
    private UsageRecord[] _batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        _options = new DbContextOptionsBuilder<SluiceDbContext>().UseSqlite("Data Source=" + _path).Options;
        using var db = new SluiceDbContext(_options);
        db.Database.Migrate();
        _efParameters = UsageRecordInserter.Create(db, bindByIndexOnSqlite: false);
        _boundByIndex = UsageRecordInserter.Create(db);

        // What the gateway records under load: a few callers and models, most calls streamed, a few priced as unknown.
        var at = DateTimeOffset.UtcNow;
        _batch = new UsageRecord[BatchSize];
        for (var i = 0; i < BatchSize; i++)
        {
            var model = i % 3 == 0 ? "bedrock/claude-haiku" : "bedrock/nova-lite";
            _batch[i] = new UsageRecord("chatcmpl-" + Guid.NewGuid().ToString("N"), at.AddMilliseconds(i), "user:user-" + (i % 7) + "@example.com",
                model, "anthropic.claude-3-haiku-20240307-v1:0", "us-east-1", "chat", i % 50 == 0 ? 429 : 200, 120 + i, 40, 0, 0, 0,
                i % 10 == 0 ? null : 0.000123m, false, 3.5 + (i % 17), i % 50 == 0 ? "ThrottlingException" : null)
            {
                Account = "bedrock",
                PriceScope = "us-east-1",
                Teams = "everyone,ml",
                ApiKeyId = "key_" + (i % 7),
                TimeToFirstTokenMs = i % 4 == 0 ? null : 1.25 + (i % 5),
            };
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    [Benchmark(Baseline = true)]
    public async Task EfParameters()
    {
        await using var db = new SluiceDbContext(_options);
        await _efParameters.InsertAsync(db, _batch, CancellationToken.None);
    }

    [Benchmark]
    public async Task BoundByIndex()
    {
        await using var db = new SluiceDbContext(_options);
        await _boundByIndex.InsertAsync(db, _batch, CancellationToken.None);
    }

    [Benchmark]
    public async Task RollupsOnly()
    {
        await using var db = new SluiceDbContext(_options);
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        await using var transaction = await connection.BeginTransactionAsync();
        await _rollups.ApplyAsync(connection, transaction, _batch, CancellationToken.None);
        await transaction.CommitAsync();
        await db.Database.CloseConnectionAsync();
    }
}
