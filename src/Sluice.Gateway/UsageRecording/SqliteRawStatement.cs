using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Sluice.Gateway.UsageRecording;

/// <summary>
/// One statement prepared on an open <see cref="SqliteConnection"/>'s own handle (so it runs inside the connection's
/// transaction), bound by parameter index and run through SQLitePCLRaw: no parameter objects, no name lookups, no boxing.
/// </summary>
/// <remarks>
/// Values are written in the storage classes and text formats Microsoft.Data.Sqlite gives them (its value binder):
/// integers and booleans as INTEGER, doubles as REAL, <see cref="DateTimeOffset"/> and <see cref="decimal"/> as TEXT.
/// Text is encoded into a pooled buffer; SQLite copies it (SQLITE_TRANSIENT), so the buffer is reused for the next value.
/// Failures throw the <see cref="SqliteException"/> Microsoft.Data.Sqlite would have thrown for the same return code.
/// </remarks>
internal sealed class SqliteRawStatement : IDisposable
{
    /// <summary>Microsoft.Data.Sqlite's text format of a <see cref="DateTimeOffset"/>.</summary>
    private const string DateTimeOffsetFormat = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz";

    /// <summary>Microsoft.Data.Sqlite's text format of a <see cref="decimal"/>.</summary>
    private const string DecimalFormat = "0.0###########################";

    /// <summary>A zero-terminated empty string: SQLite binds a null text pointer as NULL, and an empty span may pin as one.</summary>
    private static readonly byte[] EmptyText = [0];

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly int _timeoutSeconds;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1024);

    private SqliteRawStatement(sqlite3 db, sqlite3_stmt statement, int timeoutSeconds)
    {
        _db = db;
        _statement = statement;
        _timeoutSeconds = timeoutSeconds;
    }

    /// <summary>Prepares <paramref name="sqlUtf8"/> on the open connection.</summary>
    public static SqliteRawStatement Prepare(SqliteConnection connection, ReadOnlySpan<byte> sqlUtf8)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        var rc = raw.sqlite3_prepare_v2(db, sqlUtf8, out var statement);
        if (rc == raw.SQLITE_OK && statement is not null) return new SqliteRawStatement(db, statement, connection.DefaultTimeout);
        statement?.Dispose();
        SqliteException.ThrowExceptionForRC(rc, db);
        throw new InvalidOperationException("SQLite prepared no statement from the SQL text.");
    }

    public void BindInt64(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    public void BindBoolean(int index, bool value) => BindInt64(index, value ? 1 : 0);

    public void BindDouble(int index, double value)
    {
        // Microsoft.Data.Sqlite refuses NaN (SQLite would store it as NULL); so does this path, with its message.
        if (double.IsNaN(value)) throw new InvalidOperationException("Cannot store 'NaN' values.");
        Check(raw.sqlite3_bind_double(_statement, index, value));
    }

    public void BindDouble(int index, double? value)
    {
        if (value is { } v) BindDouble(index, v);
        else BindNull(index);
    }

    public void BindNull(int index) => Check(raw.sqlite3_bind_null(_statement, index));

    public void BindText(int index, string? value)
    {
        if (value is null)
        {
            BindNull(index);
            return;
        }

        if (value.Length == 0)
        {
            Check(raw.sqlite3_bind_text(_statement, index, utf8z.FromSpan(EmptyText)));
            return;
        }

        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (_buffer.Length < max)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(max);
        }

        var length = Encoding.UTF8.GetBytes(value, _buffer);
        Check(raw.sqlite3_bind_text(_statement, index, _buffer.AsSpan(0, length)));
    }

    public void BindText(int index, DateTimeOffset value)
    {
        if (!value.TryFormat(_buffer, out var length, DateTimeOffsetFormat, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("A timestamp did not fit its text buffer.");
        }

        Check(raw.sqlite3_bind_text(_statement, index, _buffer.AsSpan(0, length)));
    }

    public void BindText(int index, decimal value)
    {
        if (!value.TryFormat(_buffer, out var length, DecimalFormat, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("A decimal did not fit its text buffer.");
        }

        Check(raw.sqlite3_bind_text(_statement, index, _buffer.AsSpan(0, length)));
    }

    public void BindText(int index, decimal? value)
    {
        if (value is { } v) BindText(index, v);
        else BindNull(index);
    }

    public void BindBlob(int index, ReadOnlySpan<byte> value) => Check(raw.sqlite3_bind_blob(_statement, index, value));

    /// <summary>Runs the statement (which returns no rows), then resets it and clears its bindings for the next row.</summary>
    public void Execute()
    {
        var rc = Step();
        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
            throw new InvalidOperationException("The statement returned rows; it is meant for statements that return none.");
        }

        Check(raw.sqlite3_reset(_statement));
        Check(raw.sqlite3_clear_bindings(_statement));
    }

    /// <summary>Runs a statement that returns one row (an INSERT ... RETURNING id), reads its first column, then resets it.</summary>
    public long ExecuteScalarInt64()
    {
        var rc = Step();
        if (rc != raw.SQLITE_ROW)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
            throw new InvalidOperationException("The statement returned no row.");
        }

        var value = raw.sqlite3_column_int64(_statement, 0);
        rc = raw.sqlite3_step(_statement);
        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
            throw new InvalidOperationException("The statement returned more than one row.");
        }

        Check(raw.sqlite3_reset(_statement));
        Check(raw.sqlite3_clear_bindings(_statement));
        return value;
    }

    public void Dispose()
    {
        _statement.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    /// <summary>
    /// Steps once, waiting out a lock another connection holds the way Microsoft.Data.Sqlite's commands do: reset, sleep
    /// 150 ms, retry, until the connection's default command timeout (0: no limit). Rare here, since the batch's
    /// transaction took the write lock when it began (BEGIN IMMEDIATE).
    /// </summary>
    private int Step()
    {
        var rc = raw.sqlite3_step(_statement);
        var started = Stopwatch.GetTimestamp();
        while (IsBusy(rc) && (_timeoutSeconds == 0 || Stopwatch.GetElapsedTime(started).TotalSeconds < _timeoutSeconds))
        {
            raw.sqlite3_reset(_statement);
            Thread.Sleep(150);
            rc = raw.sqlite3_step(_statement);
        }

        return rc;
    }

    private static bool IsBusy(int rc) => (rc & 0xFF) is raw.SQLITE_BUSY or raw.SQLITE_LOCKED;

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
    }
}
