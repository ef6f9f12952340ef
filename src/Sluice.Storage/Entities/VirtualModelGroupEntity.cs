namespace Sluice.Storage.Entities;

/// <summary>
/// A <c>provider-account/virtual-model</c> group. Its virtual models, their routing and collaborators are kept as the
/// document's canonical JSON: they are only ever read whole, to build the snapshot.
/// </summary>
public sealed class VirtualModelGroupEntity
{
    public long Id { get; set; }

    public required string Name { get; set; }

    /// <summary>The document as written by the gateway's manifest writer (no secrets: a group has none).</summary>
    public required string DocumentJson { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
