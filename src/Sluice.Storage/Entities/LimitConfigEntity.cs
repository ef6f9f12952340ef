namespace Sluice.Storage.Entities;

/// <summary>
/// One rate-limit or budget document (V1 <c>gateway-rate-limiting-config</c> / <c>gateway-budget-config</c>, one per
/// tenant; V2 limits and budgets, one per name), as its canonical JSON, read whole to build the snapshot.
/// </summary>
public sealed class LimitConfigEntity
{
    public long Id { get; set; }

    public required string Type { get; set; }

    public required string Name { get; set; }

    public required string DocumentJson { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
