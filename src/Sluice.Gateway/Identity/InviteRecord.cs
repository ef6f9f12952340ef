namespace Sluice.Gateway.Identity;

/// <summary>An invitation as stored: only the SHA-256 of its token. <see cref="UsedAt"/> is set once, when redeemed.</summary>
public sealed record InviteRecord(
    string TokenHash,
    string Email,
    string InvitedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? UsedAt = null);
