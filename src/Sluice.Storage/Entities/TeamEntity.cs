namespace Sluice.Storage.Entities;

/// <summary>A named team of users.</summary>
public sealed class TeamEntity
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<TeamMemberEntity> Members { get; set; } = [];
}
