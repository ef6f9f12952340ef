using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Sluice.Storage;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running host.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<SluiceDbContext>
{
    public SluiceDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SluiceDbContext>().UseSqlite("Data Source=design.db").Options);
}
