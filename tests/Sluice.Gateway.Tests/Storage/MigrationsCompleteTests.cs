using Microsoft.EntityFrameworkCore;
using Sluice.Gateway.Tests.Scaling;
using Sluice.Storage;

namespace Sluice.Gateway.Tests.Storage;

/// <summary>Each provider's migrations describe the whole model: a model change without a migration for both fails here.</summary>
public sealed class MigrationsCompleteTests
{
    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public void Model_EveryChangeHasAMigration_NoPendingChanges(TestStore store)
    {
        // Comparing the model with the migrations' snapshot needs no server: the connection is never opened.
        var connectionString = store == TestStore.Postgres ? "Host=127.0.0.1;Database=unused" : "Data Source=:memory:";
        var options = new DbContextOptionsBuilder<SluiceDbContext>();
        StorageServiceCollectionExtensions.Configure(options, connectionString);
        using var db = new SluiceDbContext(options.Options);

        Assert.False(db.Database.HasPendingModelChanges(), $"run dotnet ef migrations add for {store} (see src/Sluice.Storage{(store == TestStore.Postgres ? ".Postgres" : "")})");
        Assert.NotEmpty(db.Database.GetMigrations());
    }
}
