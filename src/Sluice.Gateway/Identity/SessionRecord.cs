namespace Sluice.Gateway.Identity;

/// <summary>
/// A signed-in browser session as stored: only the SHA-256 of the session id, never the id itself.
/// <see cref="ExpiresAt"/> slides with use; <see cref="AbsoluteExpiresAt"/> never moves.
/// </summary>
public sealed record SessionRecord(
    string IdHash,
    string UserEmail,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset AbsoluteExpiresAt);
