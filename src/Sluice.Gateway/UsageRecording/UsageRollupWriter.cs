using System.Data.Common;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Sluice.Core.Usage;

namespace Sluice.Gateway.UsageRecording;

/// <summary>
/// Keeps <c>usage_rollups</c> (per hour and per day) in step with the records, inside the batch's transaction. A writer
/// only ever updates rows it inserted itself and keeps them in memory, so a batch costs one UPDATE or INSERT per touched
/// row and no reads. Several instances on one database (or a restarted one) therefore each add their own row for the
/// same period and key; summaries add the rows up, so nothing is counted twice and no writer overwrites another's.
/// </summary>
/// <param name="bindByIndexOnSqlite">On SQLite, bind by index through <see cref="SqliteRawStatement"/> (no parameter objects, no name lookups).</param>
internal sealed class UsageRollupWriter(bool bindByIndexOnSqlite)
{
    private const int PeriodsKept = 3;

    private const string Columns =
        "\"PeriodMs\", \"StartUnixMs\", \"Model\", \"Account\", \"PrincipalId\", \"VirtualAccount\", \"Teams\", \"Status\", \"Metadata\", " +
        "\"Requests\", \"PromptTokens\", \"CompletionTokens\", \"CachedTokens\", \"CacheWriteTokens\", \"Images\", \"CostUsd\", \"UnknownCost\", \"Latency\", \"TimeToFirstToken\"";

    private const string Insert = "INSERT INTO usage_rollups (" + Columns + ") VALUES " +
        "(@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15, @p16, @p17, @p18) RETURNING \"Id\"";

    private const string Update = "UPDATE usage_rollups SET \"Requests\" = @p9, \"PromptTokens\" = @p10, \"CompletionTokens\" = @p11, " +
        "\"CachedTokens\" = @p12, \"CacheWriteTokens\" = @p13, \"Images\" = @p14, \"CostUsd\" = @p15, \"UnknownCost\" = @p16, " +
        "\"Latency\" = @p17, \"TimeToFirstToken\" = @p18 WHERE \"Id\" = @id";

    /// <summary>The same statements with SQLite's numbered parameters: <c>@pN</c> is <c>?(N+1)</c>, <c>@id</c> is <c>?20</c>.</summary>
    private static readonly byte[] InsertByIndex = Encoding.UTF8.GetBytes(ByIndex(Insert));

    private static readonly byte[] UpdateByIndex = Encoding.UTF8.GetBytes(ByIndex(Update));

    private readonly Dictionary<(long Period, long Start), Dictionary<UsageRollupKey, Row>> _periods = [];

    /// <summary>Drops the cache (after a failed transaction, whose changes the cache would otherwise still hold).</summary>
    public void Forget() => _periods.Clear();

    public async Task ApplyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<UsageRecord> batch, CancellationToken ct)
    {
        var touched = new List<(UsageRollupKey Key, Row Row)>();
        foreach (var record in batch)
        foreach (var period in UsageRollupKey.Periods)
        {
            var key = UsageRollupKey.Of(record, period);
            if (!_periods.TryGetValue((period, key.StartUnixMs), out var rows))
            {
                rows = [];
                _periods[(period, key.StartUnixMs)] = rows;
                Evict(period, key.StartUnixMs);
            }

            if (!rows.TryGetValue(key, out var row))
            {
                row = new Row();
                rows[key] = row;
            }

            if (!row.Dirty)
            {
                row.Dirty = true;
                touched.Add((key, row));
            }

            row.Totals.Add(record);
        }

        if (bindByIndexOnSqlite && connection is SqliteConnection sqlite)
        {
            Write(sqlite, touched);
            return;
        }

        foreach (var (key, row) in touched)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = row.Id == 0 ? Insert : Update;
            Bind(command, key, row);
            if (row.Id == 0) row.Id = Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
            else await command.ExecuteNonQueryAsync(ct);
            row.Dirty = false;
        }
    }

    private static void Write(SqliteConnection connection, List<(UsageRollupKey Key, Row Row)> touched)
    {
        SqliteRawStatement? insert = null;
        SqliteRawStatement? update = null;
        // SQLite copies a bound blob, so one buffer serves both histograms of every row.
        Span<byte> histogram = stackalloc byte[LatencyHistogram.MaxEncodedLength];
        try
        {
            foreach (var (key, row) in touched)
            {
                var t = row.Totals;
                var statement = row.Id == 0
                    ? insert ??= SqliteRawStatement.Prepare(connection, InsertByIndex)
                    : update ??= SqliteRawStatement.Prepare(connection, UpdateByIndex);
                if (row.Id == 0)
                {
                    statement.BindInt64(1, key.PeriodMs);
                    statement.BindInt64(2, key.StartUnixMs);
                    statement.BindText(3, key.Model);
                    statement.BindText(4, key.Account);
                    statement.BindText(5, key.PrincipalId);
                    statement.BindText(6, key.VirtualAccount);
                    statement.BindText(7, key.Teams);
                    statement.BindInt64(8, key.Status);
                    statement.BindText(9, key.Metadata);
                }
                else
                {
                    statement.BindInt64(20, row.Id);
                }

                statement.BindInt64(10, t.Requests);
                statement.BindInt64(11, t.PromptTokens);
                statement.BindInt64(12, t.CompletionTokens);
                statement.BindInt64(13, t.CachedTokens);
                statement.BindInt64(14, t.CacheWriteTokens);
                statement.BindInt64(15, t.Images);
                statement.BindText(16, t.CostUsd);
                statement.BindInt64(17, t.UnknownCost);
                statement.BindBlob(18, histogram[..t.Latency.EncodeTo(histogram)]);
                statement.BindBlob(19, histogram[..t.TimeToFirstToken.EncodeTo(histogram)]);
                if (row.Id == 0) row.Id = statement.ExecuteScalarInt64();
                else statement.Execute();
                row.Dirty = false;
            }
        }
        finally
        {
            insert?.Dispose();
            update?.Dispose();
        }
    }

    private static string ByIndex(string sql) =>
        Regex.Replace(sql.Replace("@id", "?20", StringComparison.Ordinal), "@p([0-9]+)",
            m => "?" + (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

    private void Evict(long period, long newest)
    {
        foreach (var cached in _periods.Keys.ToList())
        {
            if (cached.Period == period && cached.Start < newest - (PeriodsKept * period)) _periods.Remove(cached);
        }
    }

    private static void Bind(DbCommand command, UsageRollupKey key, Row row)
    {
        var t = row.Totals;
        object[] values =
        [
            key.PeriodMs, key.StartUnixMs, key.Model, key.Account, key.PrincipalId, key.VirtualAccount, key.Teams, key.Status, key.Metadata,
            t.Requests, t.PromptTokens, t.CompletionTokens, t.CachedTokens, t.CacheWriteTokens, t.Images, t.CostUsd, t.UnknownCost,
            t.Latency.Encode(), t.TimeToFirstToken.Encode(),
        ];
        for (var i = 0; i < values.Length; i++) Add(command, "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), values[i]);
        if (row.Id != 0) Add(command, "@id", row.Id);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }

    private sealed class Row
    {
        public long Id;
        public bool Dirty;
        public readonly UsageTotals Totals = new();
    }
}
