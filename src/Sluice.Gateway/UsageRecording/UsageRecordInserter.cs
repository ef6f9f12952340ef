using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Sluice.Core.Usage;
using Sluice.Storage;
using Sluice.Storage.Entities;

namespace Sluice.Gateway.UsageRecording;

/// <summary>
/// Inserts usage records inside one transaction per batch, bypassing EF's change tracker (multi-row INSERTs on
/// PostgreSQL, <see cref="SqliteUsageBatch"/> on SQLite), and keeps the hourly and daily rollups
/// (<see cref="UsageRollupWriter"/>) in the same transaction.
/// </summary>
/// <remarks>
/// The tracker cost tens of microseconds of CPU per record (snapshots, command batching, a second round of JIT for
/// methods called once a second), paid on the two cores that also serve requests. Table, column names and value
/// conversions still come from the EF model, so the rows are exactly what <c>SaveChanges</c> would have written.
/// </remarks>
internal sealed class UsageRecordInserter
{
    /// <summary>
    /// Each column: its entity property, its value as an EF parameter (PostgreSQL, and SQLite's former path), and how
    /// <see cref="SqliteUsageBatch"/> binds it by index on SQLite (in Microsoft.Data.Sqlite's storage class and format).
    /// </summary>
    private static readonly (string Property, Func<UsageRecord, object?> Value, Action<SqliteRawStatement, int, UsageRecord> BindSqlite)[] Columns =
    [
        (nameof(UsageRecordEntity.RequestId), static r => r.RequestId,
            static (s, i, r) => s.BindText(i, r.RequestId)),
        (nameof(UsageRecordEntity.Timestamp), static r => r.Timestamp,
            static (s, i, r) => s.BindText(i, r.Timestamp)),
        (nameof(UsageRecordEntity.PrincipalId), static r => r.PrincipalId,
            static (s, i, r) => s.BindText(i, r.PrincipalId)),
        (nameof(UsageRecordEntity.Model), static r => r.Model,
            static (s, i, r) => s.BindText(i, r.Model)),
        (nameof(UsageRecordEntity.UpstreamModelId), static r => r.UpstreamModelId,
            static (s, i, r) => s.BindText(i, r.UpstreamModelId)),
        (nameof(UsageRecordEntity.Region), static r => r.Region,
            static (s, i, r) => s.BindText(i, r.Region)),
        (nameof(UsageRecordEntity.Operation), static r => r.Operation,
            static (s, i, r) => s.BindText(i, r.Operation)),
        (nameof(UsageRecordEntity.Status), static r => r.Status,
            static (s, i, r) => s.BindInt64(i, r.Status)),
        (nameof(UsageRecordEntity.PromptTokens), static r => r.PromptTokens,
            static (s, i, r) => s.BindInt64(i, r.PromptTokens)),
        (nameof(UsageRecordEntity.CompletionTokens), static r => r.CompletionTokens,
            static (s, i, r) => s.BindInt64(i, r.CompletionTokens)),
        (nameof(UsageRecordEntity.CachedTokens), static r => r.CachedTokens,
            static (s, i, r) => s.BindInt64(i, r.CachedTokens)),
        (nameof(UsageRecordEntity.CacheWriteTokens), static r => r.CacheWriteTokens,
            static (s, i, r) => s.BindInt64(i, r.CacheWriteTokens)),
        (nameof(UsageRecordEntity.Images), static r => r.Images,
            static (s, i, r) => s.BindInt64(i, r.Images)),
        (nameof(UsageRecordEntity.CostUsd), static r => r.CostUsd,
            static (s, i, r) => s.BindText(i, r.CostUsd)),
        (nameof(UsageRecordEntity.PrivateCost), static r => r.PrivateCost,
            static (s, i, r) => s.BindBoolean(i, r.PrivateCost)),
        (nameof(UsageRecordEntity.LatencyMs), static r => r.LatencyMs,
            static (s, i, r) => s.BindDouble(i, r.LatencyMs)),
        (nameof(UsageRecordEntity.ErrorCode), static r => r.ErrorCode,
            static (s, i, r) => s.BindText(i, r.ErrorCode)),
        (nameof(UsageRecordEntity.UnixMs), static r => r.Timestamp.ToUnixTimeMilliseconds(),
            static (s, i, r) => s.BindInt64(i, r.Timestamp.ToUnixTimeMilliseconds())),
        (nameof(UsageRecordEntity.Account), static r => r.Account,
            static (s, i, r) => s.BindText(i, r.Account)),
        (nameof(UsageRecordEntity.PriceScope), static r => r.PriceScope,
            static (s, i, r) => s.BindText(i, r.PriceScope)),
        (nameof(UsageRecordEntity.Teams), static r => r.Teams,
            static (s, i, r) => s.BindText(i, r.Teams)),
        (nameof(UsageRecordEntity.ApiKeyId), static r => r.ApiKeyId,
            static (s, i, r) => s.BindText(i, r.ApiKeyId)),
        (nameof(UsageRecordEntity.VirtualAccount), static r => r.VirtualAccount,
            static (s, i, r) => s.BindText(i, r.VirtualAccount)),
        (nameof(UsageRecordEntity.TimeToFirstTokenMs), static r => r.TimeToFirstTokenMs,
            static (s, i, r) => s.BindDouble(i, r.TimeToFirstTokenMs)),
        (nameof(UsageRecordEntity.EndUser), static r => r.EndUser,
            static (s, i, r) => s.BindText(i, r.EndUser)),
        (nameof(UsageRecordEntity.Metadata), static r => r.Metadata,
            static (s, i, r) => s.BindText(i, r.Metadata)),
        (nameof(UsageRecordEntity.ResolvedModel), static r => r.ResolvedModel,
            static (s, i, r) => s.BindText(i, r.ResolvedModel)),
        (nameof(UsageRecordEntity.Attempts), static r => r.Attempts,
            static (s, i, r) => s.BindInt64(i, r.Attempts)),
    ];

    /// <summary>Rows per INSERT on PostgreSQL: 100 rows of 28 columns stay far below its parameter limit.</summary>
    internal const int RowsPerStatement = 100;

    /// <summary>
    /// Rows per INSERT on this store when bound through EF parameters. Microsoft.Data.Sqlite binds each parameter by a
    /// name lookup over the statement's parameters, so a 100-row statement costs 2,800 lookups over 2,800 names:
    /// measured as three quarters of the gateway's CPU under load. SQLite therefore goes through
    /// <see cref="SqliteUsageBatch"/> (bound by index, no parameter objects); this path keeps one reused single-row
    /// INSERT for it only when asked (<c>bindByIndexOnSqlite: false</c>, to compare the two).
    /// </summary>
    private readonly int _rowsPerStatement;

    private readonly string _prefix;
    private readonly string[] _placeholders;
    private readonly RelationalTypeMapping[] _mappings;
    private readonly string?[] _statements = new string?[RowsPerStatement + 1];
    private readonly SqliteUsageBatch? _sqlite;
    private readonly UsageRollupWriter _rollups;

    private UsageRecordInserter(string prefix, string[] placeholders, RelationalTypeMapping[] mappings, int rowsPerStatement, SqliteUsageBatch? sqlite)
    {
        _rowsPerStatement = rowsPerStatement;
        _prefix = prefix;
        _placeholders = placeholders;
        _mappings = mappings;
        _sqlite = sqlite;
        _rollups = new UsageRollupWriter(bindByIndexOnSqlite: sqlite is not null);
    }

    /// <summary>Builds the statement from the context's model (once per process).</summary>
    /// <param name="db">A context on the store the records go to.</param>
    /// <param name="bindByIndexOnSqlite">False keeps SQLite on EF parameters (the former path), for tests and benchmarks that compare.</param>
    public static UsageRecordInserter Create(SluiceDbContext db, bool bindByIndexOnSqlite = true)
    {
        var entity = db.Model.FindEntityType(typeof(UsageRecordEntity))
            ?? throw new InvalidOperationException("The store model has no usage record entity.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var mappings = new RelationalTypeMapping[Columns.Length];
        var names = new string[Columns.Length];
        for (var i = 0; i < Columns.Length; i++)
        {
            var property = entity.FindProperty(Columns[i].Property)
                ?? throw new InvalidOperationException($"The usage record entity has no property {Columns[i].Property}.");
            names[i] = sql.DelimitIdentifier(property.GetColumnName(table)!);
            mappings[i] = (RelationalTypeMapping)property.GetTypeMapping();
        }

        var placeholders = new string[RowsPerStatement * Columns.Length];
        for (var i = 0; i < placeholders.Length; i++)
        {
            placeholders[i] = ParameterName(i);
        }

        var prefix = string.Concat("INSERT INTO ", sql.DelimitIdentifier(table.Name, table.Schema), " (", string.Join(", ", names), ") VALUES ");
        var rowsPerStatement = db.Database.IsNpgsql() ? RowsPerStatement : 1;
        var sqlite = bindByIndexOnSqlite && db.Database.IsSqlite()
            ? new SqliteUsageBatch(prefix, Array.ConvertAll(Columns, c => c.BindSqlite))
            : null;
        return new UsageRecordInserter(prefix, Array.ConvertAll(placeholders, sql.GenerateParameterNamePlaceholder), mappings, rowsPerStatement, sqlite);
    }

    /// <summary>
    /// Inserts the whole batch and its rollups in one transaction: all records or none. Rows go in multi-row
    /// INSERTs on PostgreSQL (one round trip per <see cref="RowsPerStatement"/> rows, which a networked server needs),
    /// through one statement bound by index on SQLite (<see cref="SqliteUsageBatch"/>).
    /// </summary>
    public async Task InsertAsync(SluiceDbContext db, IReadOnlyList<UsageRecord> batch, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            await using var transaction = await connection.BeginTransactionAsync(ct);
            if (_sqlite is not null)
            {
                _sqlite.Insert((SqliteConnection)connection, batch);
            }
            else
            {
                await InsertWithParametersAsync(connection, transaction, batch, ct);
            }

            await _rollups.ApplyAsync(connection, transaction, batch, ct);
            await transaction.CommitAsync(ct);
        }
        catch
        {
            _rollups.Forget();
            throw;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Builds the rollups of records stored before rollups existed (a store upgraded from an older version):
    /// runs when there are records but no rollups, reading the records in id order, a chunk per transaction.
    /// </summary>
    public async Task BackfillRollupsAsync(SluiceDbContext db, CancellationToken ct)
    {
        if (await db.UsageRollups.AnyAsync(ct) || !await db.UsageRecords.AnyAsync(ct)) return;
        const int Chunk = 5000;
        long after = 0;
        while (true)
        {
            var rows = await db.UsageRecords.AsNoTracking().Where(u => u.Id > after).OrderBy(u => u.Id).Take(Chunk).ToListAsync(ct);
            if (rows.Count == 0) return;
            after = rows[^1].Id;
            var batch = rows.ConvertAll(ToRecord);
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                var connection = db.Database.GetDbConnection();
                await using var transaction = await connection.BeginTransactionAsync(ct);
                await _rollups.ApplyAsync(connection, transaction, batch, ct);
                await transaction.CommitAsync(ct);
            }
            catch
            {
                _rollups.Forget();
                throw;
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private async Task InsertWithParametersAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<UsageRecord> batch, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        for (var first = 0; first < batch.Count; first += _rowsPerStatement)
        {
            var rows = Math.Min(_rowsPerStatement, batch.Count - first);
            command.CommandText = Statement(rows);
            command.Parameters.Clear();
            for (var row = 0; row < rows; row++)
            {
                Bind(command, batch[first + row], row);
            }

            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static UsageRecord ToRecord(UsageRecordEntity u) =>
        new(u.RequestId, DateTimeOffset.FromUnixTimeMilliseconds(u.UnixMs), u.PrincipalId, u.Model, u.UpstreamModelId, u.Region, u.Operation,
            u.Status, u.PromptTokens, u.CompletionTokens, u.CachedTokens, u.CacheWriteTokens, u.Images, u.CostUsd, u.PrivateCost, u.LatencyMs, u.ErrorCode)
        {
            Account = u.Account,
            Teams = u.Teams,
            VirtualAccount = u.VirtualAccount,
            TimeToFirstTokenMs = u.TimeToFirstTokenMs,
            Metadata = u.Metadata,
        };

    private string Statement(int rows)
    {
        if (_statements[rows] is { } cached) return cached;
        var text = new System.Text.StringBuilder(_prefix);
        for (var row = 0; row < rows; row++)
        {
            text.Append(row == 0 ? "(" : ", (");
            for (var i = 0; i < Columns.Length; i++)
            {
                text.Append(i == 0 ? "" : ", ").Append(_placeholders[(row * Columns.Length) + i]);
            }

            text.Append(')');
        }

        return _statements[rows] = text.ToString();
    }

    private void Bind(DbCommand command, UsageRecord record, int row)
    {
        for (var i = 0; i < Columns.Length; i++)
        {
            // CreateParameter applies the mapping's value converter and provider settings, as SaveChanges would.
            var value = Columns[i].Value(record);
            command.Parameters.Add(_mappings[i].CreateParameter(command, ParameterName((row * Columns.Length) + i), value, nullable: value is null));
        }
    }

    private static string ParameterName(int index) => "p" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
