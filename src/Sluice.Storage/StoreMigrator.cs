using Microsoft.EntityFrameworkCore;

namespace Sluice.Storage;

/// <summary>Applies pending EF Core migrations at start, one instance at a time.</summary>
public static class StoreMigrator
{
    /// <summary>
    /// The PostgreSQL advisory lock key the instances of one database migrate under ("sluice" in ASCII), so
    /// instances started together run the migrations once, one after another; the others then find none pending.
    /// </summary>
    public const long MigrationLockKey = 0x736C75696365;

    public static async Task MigrateAsync(IDbContextFactory<SluiceDbContext> factory, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (!db.Database.IsNpgsql())
        {
            // SQLite is one process's file; EF's own lock table covers a second process on the same file.
            await db.Database.MigrateAsync(cancellationToken);
            return;
        }

        // A session-level lock on the context's own connection, which MigrateAsync then uses: held across every
        // migration's transaction, released when the connection closes even if this process dies.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
            try
            {
                await db.Database.MigrateAsync(cancellationToken);
            }
            finally
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
