using System.Collections.Frozen;
using Sluice.Core.Access;
using Sluice.Core.Configuration;

namespace Sluice.Core.Routing;

/// <summary>
/// One rule of the legacy <c>gateway-load-balancing-config</c>: when a call names one of <see cref="Models"/> (and its
/// caller and metadata match), it is routed by <see cref="Route"/>'s router instead, over the rule's targets.
/// </summary>
public sealed class RoutingRule(string id, FrozenSet<string> models, FrozenSet<string>? subjects, KeyValuePair<string, string>[]? metadata, ModelRoute route)
{
    public string Id { get; } = id;

    /// <summary>The model names callers send that this rule routes.</summary>
    public FrozenSet<string> Models { get; } = models;

    /// <summary>The route whose <see cref="ModelRoute.Router"/> serves matching calls.</summary>
    public ModelRoute Route { get; } = route;

    /// <summary>Whether the rule needs the request's metadata (read only then).</summary>
    public bool NeedsMetadata => metadata is not null;

    /// <summary>The classic <c>when</c>: the model, any of the caller's subjects, every metadata pair; omitted fields match.</summary>
    public bool Matches(string model, Principal principal, IReadOnlyDictionary<string, string>? requestMetadata)
    {
        if (!Models.Contains(model)) return false;
        if (subjects is not null && !ModelAccess.CanCall(principal, subjects)) return false;
        if (metadata is null) return true;
        foreach (var (key, value) in metadata)
        {
            if (requestMetadata is null || !requestMetadata.TryGetValue(key, out var v) || v != value) return false;
        }

        return true;
    }
}
