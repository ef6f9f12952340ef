using Microsoft.EntityFrameworkCore;
using Sluice.Storage;

namespace Sluice.Gateway.Identity;

/// <summary>
/// Modest brute-force brake for password sign-in: after <see cref="MaxFailuresPerEmail"/> failures for one email,
/// or <see cref="MaxFailuresPerAddress"/> from one client address, within <see cref="Window"/>, further attempts
/// are refused until the window has passed. A success clears the email's count. The counts live in the database
/// (<c>login_failures</c>), so every instance sharing it applies the same brake; sign-in is not the request path.
/// </summary>
public sealed class LoginThrottle(IDbContextFactory<SluiceDbContext> dbFactory, TimeProvider time)
{
    public const int MaxFailuresPerEmail = 5;
    public const int MaxFailuresPerAddress = 30;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    /// <summary>How long the caller must wait, or null when an attempt is allowed now.</summary>
    public async Task<TimeSpan?> RetryAfterAsync(string email, string? address, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var emailKey = "e:" + email;
        var addressKey = address is null ? null : "a:" + address;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.LoginFailures.AsNoTracking().Where(f => f.Key == emailKey || f.Key == addressKey).ToListAsync(ct);
        TimeSpan? wait = null;
        foreach (var row in rows)
        {
            var max = row.Key == emailKey ? MaxFailuresPerEmail : MaxFailuresPerAddress;
            var until = row.SinceUnixMs + (long)Window.TotalMilliseconds;
            if (row.Failures >= max && until > now && (wait is null || TimeSpan.FromMilliseconds(until - now) > wait))
            {
                wait = TimeSpan.FromMilliseconds(until - now);
            }
        }

        return wait;
    }

    public async Task FailedAsync(string email, string? address, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var cutoff = now - (long)Window.TotalMilliseconds;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Old windows go first, so made-up emails cannot grow the table beyond one window's worth.
        await db.LoginFailures.Where(f => f.SinceUnixMs < cutoff).ExecuteDeleteAsync(ct);
        await CountAsync(db, "e:" + email, now, cutoff, ct);
        if (address is not null)
        {
            await CountAsync(db, "a:" + address, now, cutoff, ct);
        }
    }

    public async Task SucceededAsync(string email, CancellationToken ct)
    {
        var key = "e:" + email;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.LoginFailures.Where(f => f.Key == key).ExecuteDeleteAsync(ct);
    }

    // One atomic statement (SQLite and PostgreSQL both have ON CONFLICT … DO UPDATE), so two instances counting the
    // same key at once both count.
    private static Task<int> CountAsync(SluiceDbContext db, string key, long now, long cutoff, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO login_failures ("Key", "Failures", "SinceUnixMs") VALUES ({key}, 1, {now})
            ON CONFLICT ("Key") DO UPDATE SET
              "Failures" = CASE WHEN login_failures."SinceUnixMs" < {cutoff} THEN 1 ELSE login_failures."Failures" + 1 END,
              "SinceUnixMs" = CASE WHEN login_failures."SinceUnixMs" < {cutoff} THEN {now} ELSE login_failures."SinceUnixMs" END
            """, ct);
}
