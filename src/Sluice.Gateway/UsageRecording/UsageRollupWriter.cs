using System.Data.Common;
using Sluice.Core.Usage;

namespace Sluice.Gateway.UsageRecording;

/// <summary>
/// Keeps <c>usage_hourly</c> in step with the records, inside the batch's transaction. The rows of the latest hours
/// are cached (the writer is the table's only writer), so a batch costs one UPDATE or INSERT per touched row and no
/// reads once its hour is loaded.
/// </summary>
internal sealed class UsageRollupWriter
{
    private const int HoursKept = 3;

    private const string Columns =
        "\"HourUnixMs\", \"Model\", \"Account\", \"PrincipalId\", \"VirtualAccount\", \"Teams\", \"Status\", \"Metadata\", " +
        "\"Requests\", \"PromptTokens\", \"CompletionTokens\", \"CachedTokens\", \"CacheWriteTokens\", \"Images\", \"CostUsd\", \"UnknownCost\", \"Latency\", \"TimeToFirstToken\"";

    private const string Select = "SELECT \"Id\", " + Columns + " FROM usage_hourly WHERE \"HourUnixMs\" = @hour";

    private const string Insert = "INSERT INTO usage_hourly (" + Columns + ") VALUES " +
        "(@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15, @p16, @p17) RETURNING \"Id\"";

    private const string Update = "UPDATE usage_hourly SET \"Requests\" = @p8, \"PromptTokens\" = @p9, \"CompletionTokens\" = @p10, " +
        "\"CachedTokens\" = @p11, \"CacheWriteTokens\" = @p12, \"Images\" = @p13, \"CostUsd\" = @p14, \"UnknownCost\" = @p15, " +
        "\"Latency\" = @p16, \"TimeToFirstToken\" = @p17 WHERE \"Id\" = @id";

    private readonly Dictionary<long, Dictionary<UsageRollupKey, Row>> _hours = [];

    /// <summary>Drops the cache (after a failed transaction, whose changes the cache would otherwise still hold).</summary>
    public void Forget() => _hours.Clear();

    public async Task ApplyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<UsageRecord> batch, CancellationToken ct)
    {
        var touched = new List<(UsageRollupKey Key, Row Row)>();
        foreach (var record in batch)
        {
            var key = UsageRollupKey.Of(record);
            if (!_hours.TryGetValue(key.HourUnixMs, out var rows))
            {
                rows = await LoadAsync(connection, transaction, key.HourUnixMs, ct);
                _hours[key.HourUnixMs] = rows;
                Evict(key.HourUnixMs);
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

    private void Evict(long newest)
    {
        if (_hours.Count <= HoursKept) return;
        foreach (var hour in _hours.Keys.ToList())
        {
            if (hour < newest - (HoursKept * UsageRollupKey.HourMs)) _hours.Remove(hour);
        }
    }

    private static async Task<Dictionary<UsageRollupKey, Row>> LoadAsync(DbConnection connection, DbTransaction transaction, long hour, CancellationToken ct)
    {
        var rows = new Dictionary<UsageRollupKey, Row>();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Select;
        Add(command, "@hour", hour);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var key = new UsageRollupKey(reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetString(6), reader.GetInt32(7), reader.GetString(8));
            var row = new Row { Id = reader.GetInt64(0) };
            row.Totals.Add(key.Status, reader.GetInt64(9), reader.GetInt64(10), reader.GetInt64(11), reader.GetInt64(12), reader.GetInt64(13),
                reader.GetInt64(14), reader.GetDecimal(15), reader.GetInt64(16), (byte[])reader[17], (byte[])reader[18]);
            rows[key] = row;
        }

        return rows;
    }

    private static void Bind(DbCommand command, UsageRollupKey key, Row row)
    {
        var t = row.Totals;
        object[] values =
        [
            key.HourUnixMs, key.Model, key.Account, key.PrincipalId, key.VirtualAccount, key.Teams, key.Status, key.Metadata,
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
