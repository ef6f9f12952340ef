using Microsoft.EntityFrameworkCore;
using Sluice.Core.Access;
using Sluice.Gateway.Snapshots;
using Sluice.Storage;
using Sluice.Storage.Entities;

namespace Sluice.Gateway.Admin;

/// <summary>Creates, lists and revokes API keys; only id, salt and hash are stored. Every change rebuilds the snapshot.</summary>
public sealed class TokenService(IDbContextFactory<SluiceDbContext> dbFactory, SnapshotBuilder snapshots, TimeProvider time)
{
    public const string AdminUser = "admin";
    public const string BootstrapPurpose = "bootstrap-admin";
    public const string DemoPurpose = "demo";

    /// <summary>Makes a key for <paramref name="ownerSubject"/>; the token is returned once and never stored.</summary>
    public async Task<(string Id, string Token)> CreateAsync(string ownerSubject, string name, DateTimeOffset? expiresAt, string? purpose, CancellationToken ct)
    {
        var (token, id, salt, hash) = ApiKeyFormat.Generate();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.ApiKeys.Add(new ApiKeyEntity
            {
                Id = id, Name = name, OwnerSubject = ownerSubject, Salt = salt, Hash = hash,
                CreatedAt = time.GetUtcNow(), ExpiresAt = expiresAt, Purpose = purpose,
            });
            await db.SaveChangesAsync(ct);
        }

        await snapshots.ChangedAsync(ct);
        return (id, token);
    }

    public async Task<List<ApiKeyEntity>> ListAsync(string? ownerSubject, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.ApiKeys.AsNoTracking();
        if (ownerSubject is not null)
        {
            query = query.Where(k => k.OwnerSubject == ownerSubject);
        }

        var keys = await query.ToListAsync(ct);
        keys.Sort((a, b) => string.CompareOrdinal(a.OwnerSubject + a.Name, b.OwnerSubject + b.Name));
        return keys;
    }

    /// <summary>Revokes a key; it stops working as soon as this returns.</summary>
    public async Task<ApiKeyEntity?> RevokeAsync(string id, CancellationToken ct)
    {
        ApiKeyEntity? key;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, ct);
            if (key is null)
            {
                return null;
            }

            key.RevokedAt ??= time.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }

        await snapshots.ChangedAsync(ct);
        return key;
    }

    /// <summary>Revokes every live key made for <paramref name="purpose"/> (the demo's key of an earlier start).</summary>
    public async Task RevokeByPurposeAsync(string purpose, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        foreach (var key in await db.ApiKeys.Where(k => k.Purpose == purpose && k.RevokedAt == null).ToListAsync(ct))
        {
            key.RevokedAt = now;
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Makes sure the tenant admin <c>admin</c> exists with a key. With <paramref name="adminToken"/> set, that token
    /// is the admin's key (replacing an earlier one); otherwise a key is generated on the very first start only and
    /// returned so the caller can print it once.
    /// </summary>
    public async Task<string?> BootstrapAdminAsync(string? adminToken, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var admin = await db.Users.FirstOrDefaultAsync(u => u.Email == AdminUser, ct);
        if (admin is null)
        {
            db.Users.Add(new UserEntity { Email = AdminUser, IsTenantAdmin = true, Active = true, CreatedAt = now });
        }
        else if (!admin.IsTenantAdmin || !admin.Active)
        {
            admin.IsTenantAdmin = true;
            admin.Active = true;
        }

        var existing = await db.ApiKeys.Where(k => k.Purpose == BootstrapPurpose && k.RevokedAt == null).ToListAsync(ct);
        string? generated = null;
        if (!string.IsNullOrEmpty(adminToken))
        {
            var (id, secret) = ApiKeyFormat.Split(adminToken);
            var current = existing.Find(k => k.Id == id && ApiKeyFormat.Verify(new ApiKeyEntry(k.Id, k.Salt, k.Hash, null!, null), secret));
            if (current is null)
            {
                foreach (var old in existing)
                {
                    old.RevokedAt = now;
                }

                var stale = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, ct);
                if (stale is not null)
                {
                    db.ApiKeys.Remove(stale);
                }

                var (newId, salt, hash) = ApiKeyFormat.ForExternalToken(adminToken);
                db.ApiKeys.Add(new ApiKeyEntity
                {
                    Id = newId, Name = "SLUICE_ADMIN_TOKEN", OwnerSubject = "user:" + AdminUser, Salt = salt, Hash = hash,
                    CreatedAt = now, Purpose = BootstrapPurpose,
                });
            }
        }
        else if (admin is null || !await db.ApiKeys.AnyAsync(k => k.Purpose == BootstrapPurpose, ct))
        {
            var (token, id, salt, hash) = ApiKeyFormat.Generate();
            db.ApiKeys.Add(new ApiKeyEntity
            {
                Id = id, Name = "admin (generated at first start)", OwnerSubject = "user:" + AdminUser, Salt = salt, Hash = hash,
                CreatedAt = now, Purpose = BootstrapPurpose,
            });
            generated = token;
        }

        await db.SaveChangesAsync(ct);
        return generated;
    }
}
