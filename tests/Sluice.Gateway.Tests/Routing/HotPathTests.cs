using Sluice.Core.Chat;
using Sluice.Core.Routing;
using static Sluice.Gateway.Tests.Routing.RoutingHarness;

namespace Sluice.Gateway.Tests.Routing;

/// <summary>What routing costs a virtual model with one healthy target (the benchmark in bench/ has the timings).</summary>
public sealed class HotPathTests
{
    [Fact]
    public void Pick_EveryStrategy_AllocatesNothing()
    {
        var clock = Clock();
        RoutingTarget[] targets = [Target(new FakeTarget("a/m"), clock, weight: 60), Target(new FakeTarget("b/m"), clock, weight: 40)];
        var random = new Random(3);
        IRoutingStrategy[] strategies = [WeightedStrategy.Instance, PriorityStrategy.Instance, LatencyStrategy.Instance];
        foreach (var s in strategies) s.Pick(targets, 0b11, random, 0); // JIT first

        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = 0;
        for (var i = 0; i < 1000; i++)
        {
            foreach (var s in strategies) sum += s.Pick(targets, 0b11, random, clock.GetTimestamp());
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sum >= 0);
    }

    [Fact]
    public async Task ChatAsync_OneHealthyTarget_AddsOnlyAFewSmallObjects()
    {
        var clock = Clock();
        var target = new FakeTarget("a/m");
        var router = Router(RoutingStrategyKind.Weight, clock, new Random(3), Target(target, clock, weight: 100));
        var call = new RouteCall();
        for (var i = 0; i < 10; i++) await router.ChatAsync(Chat, call, CancellationToken.None);

        // The fake itself allocates its response; measure it alone, then through the router.
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++) await target.ChatAsync(Chat, CancellationToken.None);
        var direct = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
        before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++) await router.ChatAsync(Chat, call, CancellationToken.None);
        var routed = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;

        Assert.True(routed - direct <= 200, $"routing added {routed - direct} B per call (direct {direct} B)");
    }
}
