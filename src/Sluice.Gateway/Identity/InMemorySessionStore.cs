using System.Collections.Concurrent;

namespace Sluice.Gateway.Identity;

/// <summary>A process-local <see cref="ISessionStore"/>: sessions vanish on restart.</summary>
public sealed class InMemorySessionStore : ISessionStore
{
    private readonly ConcurrentDictionary<string, SessionRecord> _sessions = new(StringComparer.Ordinal);

    public int Count => _sessions.Count;

    public ValueTask AddAsync(SessionRecord session, CancellationToken cancellationToken = default)
    {
        _sessions[session.IdHash] = session;
        return ValueTask.CompletedTask;
    }

    public ValueTask<SessionRecord?> FindAsync(string idHash, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_sessions.TryGetValue(idHash, out var session) ? session : null);

    public ValueTask TouchAsync(string idHash, DateTimeOffset lastSeenAt, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        if (_sessions.TryGetValue(idHash, out var session))
        {
            _sessions.TryUpdate(idHash, session with { LastSeenAt = lastSeenAt, ExpiresAt = expiresAt }, session);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DeleteAsync(string idHash, CancellationToken cancellationToken = default)
    {
        _sessions.TryRemove(idHash, out _);
        return ValueTask.CompletedTask;
    }

    public ValueTask DeleteForUserAsync(string userEmail, CancellationToken cancellationToken = default)
    {
        foreach (var (key, session) in _sessions)
        {
            if (string.Equals(session.UserEmail, userEmail, StringComparison.OrdinalIgnoreCase))
            {
                _sessions.TryRemove(key, out _);
            }
        }

        return ValueTask.CompletedTask;
    }
}
