namespace Sluice.Storage.Entities;

/// <summary>A user's membership of a team, by email.</summary>
public sealed class TeamMemberEntity
{
    public long Id { get; set; }

    public long TeamId { get; set; }

    public TeamEntity? Team { get; set; }

    public required string Email { get; set; }
}
