using Microsoft.EntityFrameworkCore;
using Sluice.Storage;
using Sluice.Storage.Entities;

namespace Sluice.Gateway.Identity;

/// <summary>Invitations persisted in the store (only token hashes); redeeming is one conditional UPDATE.</summary>
public sealed class EfInviteStore(IDbContextFactory<SluiceDbContext> dbFactory) : IInviteStore
{
    public async ValueTask AddAsync(InviteRecord invite, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Invites.Add(new InviteEntity
        {
            TokenHash = invite.TokenHash, Email = invite.Email, InvitedBy = invite.InvitedBy, CreatedAt = invite.CreatedAt,
            ExpiresAt = invite.ExpiresAt, UsedAt = invite.UsedAt,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async ValueTask<InviteRecord?> FindAsync(string tokenHash, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Invites.AsNoTracking().FirstOrDefaultAsync(i => i.TokenHash == tokenHash, cancellationToken);
        return row is null ? null : new InviteRecord(row.TokenHash, row.Email, row.InvitedBy, row.CreatedAt, row.ExpiresAt, row.UsedAt);
    }

    public async ValueTask<bool> TryMarkUsedAsync(string tokenHash, DateTimeOffset usedAt, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var changed = await db.Invites
            .Where(i => i.TokenHash == tokenHash && i.UsedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.UsedAt, usedAt), cancellationToken);
        return changed == 1;
    }

    public async ValueTask DeleteUnusedForEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Invites.Where(i => i.Email == email && i.UsedAt == null).ExecuteDeleteAsync(cancellationToken);
    }
}
