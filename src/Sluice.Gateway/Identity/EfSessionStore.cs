using Microsoft.EntityFrameworkCore;
using Sluice.Storage;
using Sluice.Storage.Entities;

namespace Sluice.Gateway.Identity;

/// <summary>Sessions persisted in the store (only id hashes), so a restart does not sign everyone out.</summary>
public sealed class EfSessionStore(IDbContextFactory<SluiceDbContext> dbFactory) : ISessionStore
{
    public async ValueTask AddAsync(SessionRecord session, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Sessions.Add(new SessionEntity
        {
            IdHash = session.IdHash, UserEmail = session.UserEmail, CreatedAt = session.CreatedAt, LastSeenAt = session.LastSeenAt,
            ExpiresAt = session.ExpiresAt, AbsoluteExpiresAt = session.AbsoluteExpiresAt,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async ValueTask<SessionRecord?> FindAsync(string idHash, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.IdHash == idHash, cancellationToken);
        return row is null ? null : new SessionRecord(row.IdHash, row.UserEmail, row.CreatedAt, row.LastSeenAt, row.ExpiresAt, row.AbsoluteExpiresAt);
    }

    public async ValueTask TouchAsync(string idHash, DateTimeOffset lastSeenAt, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Sessions.FirstOrDefaultAsync(s => s.IdHash == idHash, cancellationToken);
        if (row is not null)
        {
            row.LastSeenAt = lastSeenAt;
            row.ExpiresAt = expiresAt;
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    public async ValueTask DeleteAsync(string idHash, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Sessions.Where(s => s.IdHash == idHash).ExecuteDeleteAsync(cancellationToken);
    }

    public async ValueTask DeleteForUserAsync(string userEmail, CancellationToken cancellationToken = default)
    {
        var email = userEmail.Trim().ToLowerInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Sessions.Where(s => s.UserEmail == email).ExecuteDeleteAsync(cancellationToken);
    }
}
