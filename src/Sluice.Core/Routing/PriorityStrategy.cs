namespace Sluice.Core.Routing;

/// <summary><c>priority-based-routing</c>: the candidate with the lowest priority number; ties go to the first listed.</summary>
public sealed class PriorityStrategy : IRoutingStrategy
{
    public static readonly PriorityStrategy Instance = new();

    public int Pick(RoutingTarget[] targets, ulong candidates, Random random, long now)
    {
        var best = -1;
        for (var i = 0; i < targets.Length; i++)
        {
            if ((candidates & (1UL << i)) != 0 && (best < 0 || targets[i].Priority < targets[best].Priority)) best = i;
        }

        return best;
    }
}
