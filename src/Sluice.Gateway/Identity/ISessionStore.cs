namespace Sluice.Gateway.Identity;

/// <summary>Where sessions live. The storage layer persists them; <see cref="InMemorySessionStore"/> serves tests and single-process dev.</summary>
public interface ISessionStore
{
    ValueTask AddAsync(SessionRecord session, CancellationToken cancellationToken = default);

    ValueTask<SessionRecord?> FindAsync(string idHash, CancellationToken cancellationToken = default);

    /// <summary>Records use of a session and its new sliding expiry; a no-op for an unknown id.</summary>
    ValueTask TouchAsync(string idHash, DateTimeOffset lastSeenAt, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    ValueTask DeleteAsync(string idHash, CancellationToken cancellationToken = default);

    /// <summary>Ends every session of a user (sign-out everywhere, password change, deactivation).</summary>
    ValueTask DeleteForUserAsync(string userEmail, CancellationToken cancellationToken = default);
}
