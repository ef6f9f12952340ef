namespace Sluice.Storage.Entities;

/// <summary>An API key: only its id, salt and salted hash are stored.</summary>
public sealed class ApiKeyEntity
{
    /// <summary>The public id the snapshot looks the key up by.</summary>
    public required string Id { get; set; }

    public required string Name { get; set; }

    /// <summary><c>user:&lt;email&gt;</c> or <c>virtualaccount:&lt;name&gt;</c>.</summary>
    public required string OwnerSubject { get; set; }

    public required byte[] Salt { get; set; }

    public required byte[] Hash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Marks keys the gateway manages itself (the admin bootstrap key, the demo key).</summary>
    public string? Purpose { get; set; }

    public override string ToString() => $"ApiKey {Id} ({Name}, {OwnerSubject})";
}
