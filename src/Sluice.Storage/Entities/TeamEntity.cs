namespace Sluice.Storage.Entities;

/// <summary>A named team of users.</summary>
public sealed class TeamEntity
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<TeamMemberEntity> Members { get; set; } = [];

    /// <summary>The team's managers' emails, one per line (TrueFoundry's <c>managers</c>); null when it has none.</summary>
    public string? Managers { get; set; }
}
