using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Sluice.Storage;

namespace Sluice.Gateway.Tests.Storage;

/// <summary>The migration that added drop_params and the models' creation time, run over a store that has models.</summary>
public sealed class ModelMigrationTests
{
    [Fact]
    public async Task Migrate_ModelsStoredBefore_TakeTheirAccountsCreationTimeAndDropNothing()
    {
        var path = Path.Combine(Path.GetTempPath(), "sluice-migration-" + Guid.NewGuid().ToString("N") + ".db");
        var options = new DbContextOptionsBuilder<SluiceDbContext>().UseSqlite("Data Source=" + path).Options;
        var accountCreated = new DateTimeOffset(2026, 11, 1, 9, 30, 0, TimeSpan.Zero);
        try
        {
            await using (var db = new SluiceDbContext(options))
            {
                await db.GetService<IMigrator>().MigrateAsync("20261124183452_SignIn");
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO provider_accounts (Id, Name, Type, Region, AuthType, SecretsBlob, CreatedAt, UpdatedAt, RowVersion)
                    VALUES (1, 'old', 'provider-account/aws-bedrock', 'us-east-1', 'access-key-based', {Array.Empty<byte>()}, {accountCreated}, {accountCreated}, 1)
                    """);
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO models (Id, AccountId, Name, ModelId, ModelTypes, Position)
                    VALUES (1, 1, 'nova', 'amazon.nova-lite-v1:0', 'chat', 0)
                    """);
            }

            await using (var db = new SluiceDbContext(options))
            {
                await db.Database.MigrateAsync();
                var model = await db.Models.SingleAsync();

                Assert.Equal(accountCreated, model.CreatedAt);
                Assert.False(model.DropParams);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }
}
