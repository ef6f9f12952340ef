using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Sluice.Storage;

/// <summary>Registers the store. SQLite is the default; the connection string picks the file.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>Adds a pooled <see cref="SluiceDbContext"/> factory on SQLite.</summary>
    public static IServiceCollection AddSluiceStorage(this IServiceCollection services, string connectionString)
    {
        services.AddDbContextFactory<SluiceDbContext>(o => o.UseSqlite(connectionString));
        return services;
    }
}
