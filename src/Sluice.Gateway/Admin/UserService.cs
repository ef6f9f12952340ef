using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sluice.Core.Access;
using Sluice.Gateway.Identity;
using Sluice.Gateway.Manifests;
using Sluice.Gateway.Snapshots;
using Sluice.Storage;
using Sluice.Storage.Entities;
using Sluice.Gateway.Json;

namespace Sluice.Gateway.Admin;

/// <summary>
/// User state beyond the manifest (active, tenant admin, password): every change is audited (never the password
/// or its hash) and rebuilds the snapshot. Deactivating or deleting a user revokes their tokens and ends their
/// sessions, so both stop at once and do not come back on reactivation.
/// </summary>
public sealed class UserService(
    IDbContextFactory<SluiceDbContext> dbFactory,
    ConfigurationStore store,
    SnapshotBuilder snapshots,
    SessionTokens sessions,
    TimeProvider time)
{
    public async Task<List<UserEntity>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct);
    }

    public async Task<UserEntity?> GetAsync(string email, CancellationToken ct)
    {
        var normalized = Subject.NormalizeEmail(email);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Email == normalized, ct);
    }

    /// <summary>Creates the user (idempotent through the manifest path), then applies the tenant-admin flag.</summary>
    public async Task<List<ValidationProblem>> CreateAsync(string email, bool tenantAdmin, string actor, CancellationToken ct)
    {
        var results = await store.ApplyAsync([new UserDocument(Subject.NormalizeEmail(email))], actor, dryRun: false, ct);
        if (results[0].Problems.Count > 0)
        {
            return [.. results[0].Problems];
        }

        if (tenantAdmin)
        {
            await UpdateAsync(email, active: null, tenantAdmin: true, actor, ct);
        }

        return [];
    }

    /// <summary>Changes active / tenant admin; null leaves a field as it is. False when the user does not exist.</summary>
    public async Task<bool> UpdateAsync(string email, bool? active, bool? tenantAdmin, string actor, CancellationToken ct)
    {
        var normalized = Subject.NormalizeEmail(email);
        string before, after;
        var deactivated = false;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var user = await db.Users.FirstOrDefaultAsync(u => u.Email == normalized, ct);
            if (user is null)
            {
                return false;
            }

            before = Describe(user);
            deactivated = user.Active && active == false;
            user.Active = active ?? user.Active;
            user.IsTenantAdmin = tenantAdmin ?? user.IsTenantAdmin;
            after = Describe(user);
            if (before == after)
            {
                return true;
            }

            if (deactivated)
            {
                await RevokeKeysAsync(db, Subject.ForUser(normalized), ct);
            }

            db.AuditEntries.Add(new AuditEntryEntity { Actor = actor, Action = "update", Target = "user:" + normalized, At = time.GetUtcNow(), BeforeJson = before, AfterJson = after });
            await db.SaveChangesAsync(ct);
        }

        await snapshots.ChangedAsync(ct);
        if (deactivated)
        {
            await sessions.RevokeAllForUserAsync(normalized, ct);
        }

        return true;
    }

    /// <summary>Deletes a user: tokens revoked, sessions ended, team memberships kept (they grant nothing without the user).</summary>
    public async Task<bool> DeleteAsync(string email, string actor, CancellationToken ct)
    {
        var normalized = Subject.NormalizeEmail(email);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await RevokeKeysAsync(db, Subject.ForUser(normalized), ct);
            await db.SaveChangesAsync(ct);
        }

        var deleted = await store.DeleteAsync(ManifestTypes.User, normalized, actor, ct);
        await sessions.RevokeAllForUserAsync(normalized, ct);
        return deleted;
    }

    /// <summary>Stores a new password hash and ends the user's other sessions; audited without the hash.</summary>
    public async Task<bool> SetPasswordHashAsync(string email, string passwordHash, string actor, CancellationToken ct)
    {
        var normalized = Subject.NormalizeEmail(email);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var user = await db.Users.FirstOrDefaultAsync(u => u.Email == normalized, ct);
            if (user is null)
            {
                return false;
            }

            user.PasswordHash = passwordHash;
            db.AuditEntries.Add(new AuditEntryEntity
            {
                Actor = actor, Action = "set-password", Target = "user:" + normalized, At = time.GetUtcNow(),
                AfterJson = "{\"password\":\"" + ManifestWriter.Mask + "\"}",
            });
            await db.SaveChangesAsync(ct);
        }

        await sessions.RevokeAllForUserAsync(normalized, ct);
        return true;
    }

    /// <summary>The stored password hash of an active user, or null (unknown, deactivated, or no password yet).</summary>
    public async Task<string?> PasswordHashOfAsync(string email, CancellationToken ct)
    {
        var normalized = Subject.NormalizeEmail(email);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().Where(u => u.Email == normalized && u.Active).Select(u => u.PasswordHash).FirstOrDefaultAsync(ct);
    }

    /// <summary>The JSON shape of a user in answers and the audit log; never the password hash.</summary>
    public static void Write(Utf8JsonWriter w, UserEntity user)
    {
        w.WriteStartObject();
        w.WriteString("email", user.Email);
        w.WriteBoolean("active", user.Active);
        w.WriteBoolean("tenant_admin", user.IsTenantAdmin);
        w.WriteBoolean("has_password", user.PasswordHash is not null);
        w.WriteString("created_at", user.CreatedAt);
        w.WriteEndObject();
    }

    internal static async Task RevokeKeysAsync(SluiceDbContext db, string owner, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var key in await db.ApiKeys.Where(k => k.OwnerSubject == owner && k.RevokedAt == null).ToListAsync(ct))
        {
            key.RevokedAt = now;
        }
    }

    private static string Describe(UserEntity user) =>
        $"{{\"email\":{GatewayJson.Quote(user.Email)},\"active\":{(user.Active ? "true" : "false")},\"tenant_admin\":{(user.IsTenantAdmin ? "true" : "false")}}}";
}
