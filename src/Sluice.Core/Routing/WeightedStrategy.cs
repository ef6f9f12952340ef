namespace Sluice.Core.Routing;

/// <summary><c>weight-based-routing</c>: a random candidate, proportional to its weight.</summary>
public sealed class WeightedStrategy : IRoutingStrategy
{
    public static readonly WeightedStrategy Instance = new();

    public int Pick(RoutingTarget[] targets, ulong candidates, Random random, long now)
    {
        var total = 0;
        for (var i = 0; i < targets.Length; i++)
        {
            if ((candidates & (1UL << i)) != 0) total += targets[i].Weight;
        }

        if (total == 0)
        {
            // Only weight-0 targets are left (they take no share of traffic, only fallbacks): the first in manifest order.
            return System.Numerics.BitOperations.TrailingZeroCount(candidates);
        }

        var ticket = random.Next(total);
        for (var i = 0; i < targets.Length; i++)
        {
            if ((candidates & (1UL << i)) == 0) continue;
            ticket -= targets[i].Weight;
            if (ticket < 0) return i;
        }

        return System.Numerics.BitOperations.TrailingZeroCount(candidates);
    }
}
