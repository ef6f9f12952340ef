using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Sluice.Storage.Postgres;

/// <summary>
/// Lets <c>dotnet ef migrations add … --project src/Sluice.Storage.Postgres</c> build the PostgreSQL model without a
/// running host or server (generating a migration never connects).
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<SluiceDbContext>
{
    public SluiceDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SluiceDbContext>();
        StorageServiceCollectionExtensions.Configure(builder, "Host=localhost;Database=sluice_design");
        return new SluiceDbContext(builder.Options);
    }
}
