namespace Sluice.Storage.Entities;

/// <summary>An invitation to set a password: only the SHA-256 of its token is stored; used once.</summary>
public sealed class InviteEntity
{
    public required string TokenHash { get; set; }

    public required string Email { get; set; }

    public required string InvitedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }
}
