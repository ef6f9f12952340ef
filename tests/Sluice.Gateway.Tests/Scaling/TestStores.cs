namespace Sluice.Gateway.Tests.Scaling;

/// <summary><c>[MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]</c>: a theory runs on SQLite and on PostgreSQL.</summary>
public static class TestStores
{
    public static TheoryData<TestStore> All => new() { TestStore.Sqlite, TestStore.Postgres };

    /// <summary>A fresh database on the store: null for SQLite (the host's data directory holds it), else a new PostgreSQL database.</summary>
    public static async Task<string?> ConnectionStringAsync(TestStore store) =>
        store == TestStore.Postgres ? await (await PostgresServer.SharedAsync()).CreateDatabaseAsync() : null;
}
