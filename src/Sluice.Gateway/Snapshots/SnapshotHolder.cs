using Sluice.Core.Configuration;

namespace Sluice.Gateway.Snapshots;

/// <summary>Holds the current snapshot; readers do one volatile read, the builder swaps in a new one atomically.</summary>
public sealed class SnapshotHolder : ISnapshotSource
{
    private State _state = new(GatewaySnapshot.Empty, AccessIndex.Empty, Loaded: false);

    public GatewaySnapshot Current => Volatile.Read(ref _state).Snapshot;

    /// <summary>The access facts of the same build as <see cref="Current"/>.</summary>
    public AccessIndex Access => Volatile.Read(ref _state).Access;

    /// <summary>True once the first snapshot was built from the store.</summary>
    public bool IsLoaded => Volatile.Read(ref _state).Loaded;

    public void Publish(GatewaySnapshot snapshot, AccessIndex access) =>
        Volatile.Write(ref _state, new State(snapshot, access, Loaded: true));

    private sealed record State(GatewaySnapshot Snapshot, AccessIndex Access, bool Loaded);
}
