using Microsoft.EntityFrameworkCore;

namespace Sluice.Storage;

/// <summary>Applies pending EF Core migrations at start.</summary>
public static class StoreMigrator
{
    public static async Task MigrateAsync(IDbContextFactory<SluiceDbContext> factory, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }
}
