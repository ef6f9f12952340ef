using System.Collections.Frozen;

namespace Sluice.Gateway.Snapshots;

/// <summary>Control-plane facts kept beside the gateway snapshot: who manages which provider account.</summary>
public sealed record AccessIndex(FrozenDictionary<string, FrozenSet<string>> AccountManagers)
{
    public static readonly AccessIndex Empty = new(FrozenDictionary<string, FrozenSet<string>>.Empty);
}
