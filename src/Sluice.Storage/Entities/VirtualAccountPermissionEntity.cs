namespace Sluice.Storage.Entities;

/// <summary>A role a virtual account holds on a resource (a provider account, or <c>account/model</c>).</summary>
public sealed class VirtualAccountPermissionEntity
{
    public long Id { get; set; }

    public long VirtualAccountId { get; set; }

    public VirtualAccountEntity? VirtualAccount { get; set; }

    public required string ResourceFqn { get; set; }

    public required string ResourceType { get; set; }

    public required string RoleId { get; set; }
}
