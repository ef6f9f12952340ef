using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Sluice.Core.Usage;
using Sluice.Gateway.UsageRecording;
using Sluice.Storage;

namespace Sluice.Gateway.Tests.UsageRecording;

/// <summary>
/// The usage writer's SQLite path bound by index (<see cref="SqliteUsageBatch"/>) against the EF parameter path it
/// replaced: the same records go into two fresh stores, one per path, and every stored value must be identical.
/// </summary>
public sealed class SqliteUsageBatchTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 23, 59, 59, TimeSpan.FromHours(-7));

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sluice-usage-batch-" + Guid.NewGuid().ToString("N"));

    public SqliteUsageBatchTests() => Directory.CreateDirectory(_dir);

    /// <summary>Every column set, with unicode, a negative offset, 28 decimals and text past 512 UTF-8 bytes.</summary>
    private static UsageRecord EveryColumnSet { get; } =
        new("req-ü-1", At.AddTicks(1234567), "user:zoë@example.com", "acct-ü/モデル", "anthropic.claude-3-haiku-20240307-v1:0", "eu-central-1",
            "chat", 200, int.MaxValue, 7, 3, 2, 1, -1.2345678901234567890123456789m, true, 0.30000000000000004, "ThrottlingException",
            "acct-ü/claude", 3)
        {
            Account = "acct-ü",
            PriceScope = "geo:eu",
            Teams = "everyone,ml-チーム",
            ApiKeyId = "key_ÄÖÜ",
            VirtualAccount = "bot-🚀",
            TimeToFirstTokenMs = 1e-300,
            EndUser = "e\u0301nd-user 👩‍👩‍👧 مرحبا",
            Metadata = "{\"project\":\"" + string.Concat(Enumerable.Repeat("検索-search-", 80)) + "\"}",
        };

    /// <summary>Every nullable column null, empty text, the account derived from the model, the furthest positive offset.</summary>
    private static UsageRecord EveryNullableNull { get; } =
        new("req-2", new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.FromHours(14)), "user:bob@example.com", "acct/m", "", "", "", 0, 0, 0, 0, 0, 0,
            null, false, 0, null, null, 0);

    /// <summary>Extremes: the largest decimal, the largest double, negative counts, year 1, an empty account, a request id past its declared length.</summary>
    private static UsageRecord Extremes { get; } =
        new(new string('r', 300), new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero), "user:extremes@example.com", "x/m", "up", "us-east-1", "embeddings",
            599, int.MinValue, -1, 0, 0, 0, decimal.MaxValue, false, double.MaxValue, "e", null, int.MaxValue)
        { Account = "", TimeToFirstTokenMs = 0.1, Metadata = "{}" };

    /// <summary>Text .NET cannot round-trip through UTF-8: a lone surrogate and an embedded NUL (compared as stored, not read back).</summary>
    private static UsageRecord OddText { get; } =
        new("req-4", At, "user:odd\uD83D@example.com", "acct/m", "up", "us-east-1", "chat", 200, 1, 1, 0, 0, 0, 0m, false, 5, null)
        { EndUser = "a\0b", Metadata = "{\"k\":\"\uDC00\"}" };

    /// <summary>The first record's caller and hour again: its rollup rows are updated rather than inserted.</summary>
    private static UsageRecord SameKeyAgain { get; } = EveryColumnSet with { RequestId = "req-5", LatencyMs = 120.5, CostUsd = 0.000000001m };

    private static IReadOnlyList<UsageRecord>[] Batches { get; } =
        [[EveryColumnSet, EveryNullableNull, Extremes, OddText], [SameKeyAgain, EveryColumnSet with { RequestId = "req-6" }]];

    [Fact]
    public async Task InsertAsync_OddRecords_StoresEveryRecordAndRollupColumnAsTheEfPathDoes()
    {
        var efPath = await NewStoreAsync("ef");
        var byIndex = await NewStoreAsync("index");

        await InsertAsync(efPath, bindByIndex: false, Batches);
        await InsertAsync(byIndex, bindByIndex: true, Batches);

        var expected = await StoredAsync(efPath, "usage_records");
        Assert.Equal(Batches.Sum(b => b.Count), expected.Rows);
        AssertSame(expected.Values, (await StoredAsync(byIndex, "usage_records")).Values);
        var rollups = await StoredAsync(efPath, "usage_rollups");
        Assert.True(rollups.Rows > 0);
        AssertSame(rollups.Values, (await StoredAsync(byIndex, "usage_rollups")).Values);
    }

    [Fact]
    public async Task InsertAsync_OddRecords_EfReadsBackTheOriginals()
    {
        var store = await NewStoreAsync("readback");
        await InsertAsync(store, bindByIndex: true, Batches);

        await using var db = new SluiceDbContext(store);
        var stored = await db.UsageRecords.AsNoTracking().OrderBy(u => u.Id).ToListAsync();
        var written = Batches.SelectMany(b => b).ToList();
        Assert.Equal(written.Count, stored.Count);
        for (var i = 0; i < written.Count; i++)
        {
            if (ReferenceEquals(written[i], OddText)) continue;
            var r = written[i];
            var u = stored[i];
            Assert.Equal(Describe(r.RequestId, r.Timestamp, r.Timestamp.ToUnixTimeMilliseconds(), r.PrincipalId, r.Model, r.UpstreamModelId, r.Region, r.Operation,
                    r.Status, r.PromptTokens, r.CompletionTokens, r.CachedTokens, r.CacheWriteTokens, r.Images, r.CostUsd, r.PrivateCost, r.LatencyMs, r.ErrorCode,
                    r.Account, r.PriceScope, r.Teams, r.ApiKeyId, r.VirtualAccount, r.TimeToFirstTokenMs, r.EndUser, r.Metadata, r.ResolvedModel, r.Attempts),
                Describe(u.RequestId, u.Timestamp, u.UnixMs, u.PrincipalId, u.Model, u.UpstreamModelId, u.Region, u.Operation,
                    u.Status, u.PromptTokens, u.CompletionTokens, u.CachedTokens, u.CacheWriteTokens, u.Images, u.CostUsd, u.PrivateCost, u.LatencyMs, u.ErrorCode,
                    u.Account, u.PriceScope, u.Teams, u.ApiKeyId, u.VirtualAccount, u.TimeToFirstTokenMs, u.EndUser, u.Metadata, u.ResolvedModel, u.Attempts));
        }
    }

    [Fact]
    public async Task InsertAsync_RowTheStoreRefuses_ThrowsTheEfPathsErrorAndKeepsNothing()
    {
        // RequestId is NOT NULL: the second record fails after the first was inserted, so the whole batch must roll back.
        IReadOnlyList<UsageRecord> refused = [EveryColumnSet, EveryNullableNull with { RequestId = null! }];
        var efPath = await NewStoreAsync("ef-refused");
        var byIndex = await NewStoreAsync("index-refused");

        var expected = await Assert.ThrowsAsync<SqliteException>(() => InsertAsync(efPath, bindByIndex: false, [refused]));
        var inserter = await NewInserterAsync(byIndex, bindByIndex: true);
        var actual = await Assert.ThrowsAsync<SqliteException>(() => InsertAsync(byIndex, inserter, refused));

        Assert.Equal((expected.SqliteErrorCode, expected.SqliteExtendedErrorCode, expected.Message),
            (actual.SqliteErrorCode, actual.SqliteExtendedErrorCode, actual.Message));
        Assert.Equal(0, (await StoredAsync(byIndex, "usage_records")).Rows);
        Assert.Equal(0, (await StoredAsync(byIndex, "usage_rollups")).Rows);

        // The same inserter goes on writing the next batch as the EF path does.
        await InsertAsync(byIndex, inserter, [EveryColumnSet]);
        await InsertAsync(efPath, bindByIndex: false, [[EveryColumnSet]]);
        AssertSame((await StoredAsync(efPath, "usage_rollups")).Values, (await StoredAsync(byIndex, "usage_rollups")).Values);
    }

    [Fact]
    public async Task InsertAsync_NaNLatency_ThrowsAsTheEfPathDoes()
    {
        IReadOnlyList<UsageRecord> batch = [EveryNullableNull with { LatencyMs = double.NaN }];

        var efPath = await NewStoreAsync("ef-nan");
        var byIndex = await NewStoreAsync("index-nan");

        var expected = await Assert.ThrowsAsync<InvalidOperationException>(() => InsertAsync(efPath, bindByIndex: false, [batch]));
        var actual = await Assert.ThrowsAsync<InvalidOperationException>(() => InsertAsync(byIndex, bindByIndex: true, [batch]));

        Assert.Equal(expected.Message, actual.Message);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<DbContextOptions<SluiceDbContext>> NewStoreAsync(string name)
    {
        // No pooling: the files are deleted when the test ends.
        var options = new DbContextOptionsBuilder<SluiceDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_dir, name + ".db")};Pooling=False").Options;
        await using var db = new SluiceDbContext(options);
        await db.Database.MigrateAsync();
        return options;
    }

    private static async Task<UsageRecordInserter> NewInserterAsync(DbContextOptions<SluiceDbContext> store, bool bindByIndex)
    {
        await using var db = new SluiceDbContext(store);
        return UsageRecordInserter.Create(db, bindByIndex);
    }

    private static async Task InsertAsync(DbContextOptions<SluiceDbContext> store, bool bindByIndex, IReadOnlyList<UsageRecord>[] batches)
    {
        var inserter = await NewInserterAsync(store, bindByIndex);
        foreach (var batch in batches) await InsertAsync(store, inserter, batch);
    }

    private static async Task InsertAsync(DbContextOptions<SluiceDbContext> store, UsageRecordInserter inserter, IReadOnlyList<UsageRecord> batch)
    {
        await using var db = new SluiceDbContext(store);
        await inserter.InsertAsync(db, batch, CancellationToken.None);
    }

    /// <summary>Every column of every row as SQLite holds it: storage class, and the exact bytes (or the exact double).</summary>
    private static async Task<(int Rows, List<string> Values)> StoredAsync(DbContextOptions<SluiceDbContext> store, string table)
    {
        await using var db = new SluiceDbContext(store);
        await db.Database.OpenConnectionAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var columns = new List<string>();
        await using (var info = connection.CreateCommand())
        {
            info.CommandText = $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid";
            await using var reader = await info.ExecuteReaderAsync();
            while (await reader.ReadAsync()) columns.Add(reader.GetString(0));
        }

        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT " + string.Join(", ", columns.Select(c => $"typeof(\"{c}\"), hex(\"{c}\"), \"{c}\"")) + $" FROM {table} ORDER BY \"Id\"";
        await using var rows = await select.ExecuteReaderAsync();
        var values = new List<string>();
        var count = 0;
        while (await rows.ReadAsync())
        {
            for (var i = 0; i < columns.Count; i++)
            {
                var type = rows.GetString(3 * i);
                var value = type == "real" ? rows.GetDouble((3 * i) + 2).ToString("R", CultureInfo.InvariantCulture) : rows.GetString((3 * i) + 1);
                values.Add($"row {count} {columns[i]}: {type} {value}");
            }

            count++;
        }

        return (count, values);
    }

    /// <summary>Value by value, so a failure names the row and column that differ.</summary>
    private static void AssertSame(List<string> expected, List<string> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++) Assert.Equal(expected[i], actual[i]);
    }

    private static string Describe(params object?[] values) =>
        string.Join(" | ", values.Select(v => v switch
        {
            null => "null",
            DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => v.ToString(),
        }));
}
