using System.Data.Common;
using Sluice.Core.Usage;

namespace Sluice.Gateway.UsageRecording;

/// <summary>
/// Keeps <c>usage_rollups</c> (per hour and per day) in step with the records, inside the batch's transaction. A writer
/// only ever updates rows it inserted itself and keeps them in memory, so a batch costs one UPDATE or INSERT per touched
/// row and no reads. Several instances on one database (or a restarted one) therefore each add their own row for the
/// same period and key; summaries add the rows up, so nothing is counted twice and no writer overwrites another's.
/// </summary>
internal sealed class UsageRollupWriter
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
