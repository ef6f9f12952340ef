namespace Sluice.Core.Routing;

/// <summary>
/// <c>latency-based-routing</c>: a target not yet measured (fewer than <see cref="TargetLatency.MinSamples"/> recent
/// calls) is tried first, so every target gets measured; otherwise a random one among the "fast" targets, those
/// whose time per output token is within <see cref="FastFactor"/> of the fastest.
/// </summary>
public sealed class LatencyStrategy : IRoutingStrategy
{
    public const double FastFactor = 1.2;

    public static readonly LatencyStrategy Instance = new();

    public int Pick(RoutingTarget[] targets, ulong candidates, Random random, long now)
    {
        var fastest = double.MaxValue;
        for (var i = 0; i < targets.Length; i++)
        {
            if ((candidates & (1UL << i)) == 0) continue;
            if (targets[i].Latency.TimePerOutputTokenMs(now) is not { } tpot) return i;
            fastest = Math.Min(fastest, tpot);
        }

        var limit = fastest * FastFactor;
        var fast = 0;
        for (var i = 0; i < targets.Length; i++)
        {
            if ((candidates & (1UL << i)) != 0 && targets[i].Latency.TimePerOutputTokenMs(now) <= limit) fast++;
        }

        var ticket = random.Next(fast);
        for (var i = 0; i < targets.Length; i++)
        {
            if ((candidates & (1UL << i)) != 0 && targets[i].Latency.TimePerOutputTokenMs(now) <= limit && ticket-- == 0) return i;
        }

        return System.Numerics.BitOperations.TrailingZeroCount(candidates);
    }
}
