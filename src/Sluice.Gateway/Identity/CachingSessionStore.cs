using System.Collections.Concurrent;

namespace Sluice.Gateway.Identity;

/// <summary>
/// Keeps recently used sessions in memory in front of the persisted store, so a signed-in UI does not cost a
/// database read per request. Sign-out and sign-out-everywhere evict at once; entries are re-read after
/// <see cref="Lifetime"/> so a sign-out through another instance sharing the database is seen within seconds.
/// Deactivation needs no eviction: the principal comes from the snapshot, which has none for a deactivated user.
/// </summary>
public sealed class CachingSessionStore(ISessionStore inner, TimeProvider time) : ISessionStore
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (SessionRecord Session, DateTimeOffset CachedUntil)> _cache = new(StringComparer.Ordinal);

    public async ValueTask AddAsync(SessionRecord session, CancellationToken cancellationToken = default)
    {
        await inner.AddAsync(session, cancellationToken);
        Remember(session);
    }

    public async ValueTask<SessionRecord?> FindAsync(string idHash, CancellationToken cancellationToken = default)
    {
        if (_cache.TryGetValue(idHash, out var cached) && cached.CachedUntil > time.GetUtcNow())
        {
            return cached.Session;
        }

        var session = await inner.FindAsync(idHash, cancellationToken);
        if (session is null)
        {
            _cache.TryRemove(idHash, out _);
        }
        else
        {
            Remember(session);
        }

        return session;
    }

    public async ValueTask TouchAsync(string idHash, DateTimeOffset lastSeenAt, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        await inner.TouchAsync(idHash, lastSeenAt, expiresAt, cancellationToken);
        if (_cache.TryGetValue(idHash, out var cached))
        {
            Remember(cached.Session with { LastSeenAt = lastSeenAt, ExpiresAt = expiresAt });
        }
    }

    public async ValueTask DeleteAsync(string idHash, CancellationToken cancellationToken = default)
    {
        _cache.TryRemove(idHash, out _);
        await inner.DeleteAsync(idHash, cancellationToken);
    }

    public async ValueTask DeleteForUserAsync(string userEmail, CancellationToken cancellationToken = default)
    {
        foreach (var (key, entry) in _cache)
        {
            if (string.Equals(entry.Session.UserEmail, userEmail, StringComparison.OrdinalIgnoreCase))
            {
                _cache.TryRemove(key, out _);
            }
        }

        await inner.DeleteForUserAsync(userEmail, cancellationToken);
    }

    private void Remember(SessionRecord session)
    {
        if (_cache.Count >= MaxEntries)
        {
            _cache.Clear(); // crude but bounded; the store still has every session
        }

        _cache[session.IdHash] = (session, time.GetUtcNow() + Lifetime);
    }
}
