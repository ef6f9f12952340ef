namespace Sluice.Storage.Entities;

/// <summary>The tenant's one <c>gateway-global-settings</c> document, as its canonical JSON (read whole, to build the snapshot).</summary>
public sealed class GlobalSettingsEntity
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public required string DocumentJson { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
