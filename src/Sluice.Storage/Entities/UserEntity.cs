namespace Sluice.Storage.Entities;

/// <summary>A user, identified by email.</summary>
public sealed class UserEntity
{
    public long Id { get; set; }

    public required string Email { get; set; }

    public bool Active { get; set; } = true;

    public bool IsTenantAdmin { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Argon2id hash (PHC string) for UI sign-in; null until the user accepts an invitation.</summary>
    public string? PasswordHash { get; set; }
}
