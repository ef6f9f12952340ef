namespace Sluice.Storage.Entities;

/// <summary>A service identity for an application; its tokens are API keys.</summary>
public sealed class VirtualAccountEntity
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<VirtualAccountPermissionEntity> Permissions { get; set; } = [];
}
