namespace Sluice.Storage.Entities;

/// <summary>A subject's role on a provider account.</summary>
public sealed class CollaboratorEntity
{
    public long Id { get; set; }

    public long AccountId { get; set; }

    public ProviderAccountEntity? Account { get; set; }

    public required string Subject { get; set; }

    public required string RoleId { get; set; }
}
