namespace Sluice.Core.Routing;

/// <summary>
/// Picks the next target among candidates. <paramref name="candidates"/> has bit i set when targets[i] may be picked
/// (never empty); the pick allocates nothing.
/// </summary>
public interface IRoutingStrategy
{
    int Pick(RoutingTarget[] targets, ulong candidates, Random random, long now);
}
