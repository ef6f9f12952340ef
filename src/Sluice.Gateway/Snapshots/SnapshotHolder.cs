using Sluice.Core.Configuration;

namespace Sluice.Gateway.Snapshots;

/// <summary>Holds the current snapshot; readers do one volatile read, the builder swaps in a new one atomically.</summary>
public sealed class SnapshotHolder : ISnapshotSource
{
    private State _state = new(GatewaySnapshot.Empty, Loaded: false);

    /// <summary>The current snapshot; its <see cref="GatewaySnapshot.Access"/> holds the access rules of the same build.</summary>
    public GatewaySnapshot Current => Volatile.Read(ref _state).Snapshot;

    /// <summary>True once the first snapshot was built from the store.</summary>
    public bool IsLoaded => Volatile.Read(ref _state).Loaded;

    public void Publish(GatewaySnapshot snapshot) =>
        Volatile.Write(ref _state, new State(snapshot, Loaded: true));

    private sealed record State(GatewaySnapshot Snapshot, bool Loaded);
}
