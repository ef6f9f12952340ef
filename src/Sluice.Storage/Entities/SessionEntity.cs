namespace Sluice.Storage.Entities;

/// <summary>A signed-in UI session: only the SHA-256 of its id is stored.</summary>
public sealed class SessionEntity
{
    public required string IdHash { get; set; }

    public required string UserEmail { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset AbsoluteExpiresAt { get; set; }
}
