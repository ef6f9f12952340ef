using System.Data.Common;

namespace Sluice.Storage;

/// <summary>Which database a connection string names: an Npgsql string (<c>Host=…</c>) is PostgreSQL, anything else SQLite.</summary>
public static class StoreProvider
{
    public const string PostgresMigrationsAssembly = "Sluice.Storage.Postgres";

    /// <summary>True for an Npgsql connection string (it has <c>Host</c> or <c>Server</c>; SQLite's has <c>Data Source</c>).</summary>
    public static bool IsPostgres(string connectionString)
    {
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            return false;
        }

        return builder.ContainsKey("Host") || builder.ContainsKey("Server");
    }

    /// <summary>The connection string without its password, for messages.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            return "(unreadable connection string)";
        }

        foreach (var key in new[] { "Password", "Pwd" })
        {
            if (builder.ContainsKey(key)) builder[key] = "***";
        }

        return builder.ConnectionString;
    }
}
