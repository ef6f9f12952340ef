using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Sluice.Storage;

/// <summary>Registers the store: SQLite by default, PostgreSQL for an Npgsql connection string.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>Adds a pooled <see cref="SluiceDbContext"/> factory on the database the connection string names.</summary>
    public static IServiceCollection AddSluiceStorage(this IServiceCollection services, string connectionString)
    {
        services.AddDbContextFactory<SluiceDbContext>(o => Configure(o, connectionString));
        return services;
    }

    /// <summary>Points the options at SQLite or PostgreSQL (with PostgreSQL's own migrations assembly).</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        StoreProvider.IsPostgres(connectionString)
            ? options.UseNpgsql(connectionString, o => o.MigrationsAssembly(StoreProvider.PostgresMigrationsAssembly))
            : options.UseSqlite(connectionString);
}
