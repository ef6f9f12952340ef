using Sluice.Core.Routing;
using static Sluice.Gateway.Tests.Routing.RoutingHarness;

namespace Sluice.Gateway.Tests.Routing;

/// <summary>Weighted, priority and latency picks with a scripted random source; sticky sessions.</summary>
public sealed class StrategyTests
{
    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.69, 0)]
    [InlineData(0.70, 1)]
    [InlineData(0.99, 1)]
    public void WeightedPick_Ticket_FallsInItsTargetsShare(double fraction, int expected)
    {
        var clock = Clock();
        RoutingTarget[] targets = [Target(new FakeTarget("a/m"), clock, weight: 70), Target(new FakeTarget("b/m"), clock, weight: 30)];

        var pick = WeightedStrategy.Instance.Pick(targets, 0b11, new ScriptedRandom(fraction), clock.GetTimestamp());

        Assert.Equal(expected, pick);
    }

    [Fact]
    public void WeightedPick_OnlyWeightZeroLeft_TakesFirstListed()
    {
        var clock = Clock();
        RoutingTarget[] targets = [Target(new FakeTarget("a/m"), clock, weight: 100), Target(new FakeTarget("b/m"), clock), Target(new FakeTarget("c/m"), clock)];

        Assert.Equal(1, WeightedStrategy.Instance.Pick(targets, 0b110, new ScriptedRandom(0.5), clock.GetTimestamp()));
    }

    [Fact]
    public async Task ChatAsync_Weights60And40_HoldWithin5PercentOver2000Requests()
    {
        var clock = Clock();
        var a = new FakeTarget("a/m");
        var b = new FakeTarget("b/m");
        var router = Router(RoutingStrategyKind.Weight, clock, new Random(12345), Target(a, clock, weight: 60), Target(b, clock, weight: 40));

        for (var i = 0; i < 2000; i++) await router.ChatAsync(Chat, new RecordingCall(), CancellationToken.None);

        Assert.InRange(a.CallCount / 2000.0, 0.55, 0.65);
        Assert.Equal(2000, a.CallCount + b.CallCount);
    }

    [Fact]
    public void PriorityPick_LowestNumberWins_TiesGoToFirstListed()
    {
        var clock = Clock();
        RoutingTarget[] targets = [Target(new FakeTarget("a/m"), clock, priority: 2), Target(new FakeTarget("b/m"), clock, priority: 1), Target(new FakeTarget("c/m"), clock, priority: 1)];

        Assert.Equal(1, PriorityStrategy.Instance.Pick(targets, 0b111, new ScriptedRandom(0), clock.GetTimestamp()));
        Assert.Equal(0, PriorityStrategy.Instance.Pick(targets, 0b001, new ScriptedRandom(0), clock.GetTimestamp()));
    }

    [Fact]
    public async Task ChatAsync_LatencyBased_MovesTrafficToTheFasterTarget()
    {
        var clock = Clock();
        // The slow target takes 400 ms per call (100 ms per output token), the fast one 40 ms.
        var slow = new FakeTarget("slow/m");
        var fast = new FakeTarget("fast/m");
        for (var i = 0; i < 100; i++)
        {
            slow.Then(async ct => { clock.Advance(TimeSpan.FromMilliseconds(400)); await Task.Yield(); return FakeTarget.Step.Ok; });
            fast.Then(async ct => { clock.Advance(TimeSpan.FromMilliseconds(40)); await Task.Yield(); return FakeTarget.Step.Ok; });
        }

        var router = Router(RoutingStrategyKind.Latency, clock, new Random(7), Target(slow, clock), Target(fast, clock));
        for (var i = 0; i < 50; i++) await router.ChatAsync(Chat, new RecordingCall(), CancellationToken.None);

        // Each is measured MinSamples times, then the fast one takes everything.
        Assert.Equal(TargetLatency.MinSamples, slow.CallCount);
        Assert.Equal(50 - TargetLatency.MinSamples, fast.CallCount);
    }

    [Fact]
    public void LatencyPick_TargetsWithin20Percent_ShareTraffic()
    {
        var clock = Clock();
        var a = Target(new FakeTarget("a/m"), clock);
        var b = Target(new FakeTarget("b/m"), clock);
        for (var i = 0; i < 3; i++)
        {
            a.Latency.RecordCall(TimeSpan.FromMilliseconds(100), 10);
            b.Latency.RecordCall(TimeSpan.FromMilliseconds(110), 10);
        }

        RoutingTarget[] targets = [a, b];
        Assert.Equal(0, LatencyStrategy.Instance.Pick(targets, 0b11, new ScriptedRandom(0.1), clock.GetTimestamp()));
        Assert.Equal(1, LatencyStrategy.Instance.Pick(targets, 0b11, new ScriptedRandom(0.9), clock.GetTimestamp()));
    }

    [Fact]
    public async Task ChatAsync_StickySession_StaysOnItsTargetUntilTtlLapses()
    {
        var clock = Clock();
        var a = new FakeTarget("a/m");
        var b = new FakeTarget("b/m");
        // The first pick lands on a, every later weighted pick would land on b.
        var random = new ScriptedRandom(0.1, 0.9);
        var router = new VirtualModelProvider("group/vm", RoutingStrategyKind.Weight, [Target(a, clock, weight: 50), Target(b, clock, weight: 50)],
            new StickyRouting(TimeSpan.FromMinutes(30), [new StickyIdentifier(false, "x-session-id")]), clock, random);
        RecordingCall Session(string id) => new(new Dictionary<string, string> { ["x-session-id"] = id });

        for (var i = 0; i < 5; i++) await router.ChatAsync(Chat, Session("s1"), CancellationToken.None);
        await router.ChatAsync(Chat, Session("s2"), CancellationToken.None);

        Assert.Equal((5, 1), (a.CallCount, b.CallCount));

        clock.Advance(TimeSpan.FromMinutes(31));
        var after = Session("s1");
        await router.ChatAsync(Chat, after, CancellationToken.None);
        Assert.Equal("b/m", after.ResolvedRoute!.FullName);
    }

    [Fact]
    public async Task ChatAsync_StickySessionAcrossRebuild_KeptWhileTargetsAreTheSame()
    {
        var clock = Clock();
        var a = new FakeTarget("a/m");
        var b = new FakeTarget("b/m");
        var sticky = new StickyRouting(TimeSpan.FromMinutes(30), [new StickyIdentifier(false, "x-session-id")]);
        var before = new VirtualModelProvider("group/vm", RoutingStrategyKind.Weight, [Target(a, clock, weight: 50), Target(b, clock, weight: 50)],
            sticky, clock, new ScriptedRandom(0.1));
        await before.ChatAsync(Chat, new RecordingCall(new() { ["x-session-id"] = "s1" }), CancellationToken.None);

        // The snapshot is rebuilt (another document changed); the new router would pick b for a new session.
        var after = new VirtualModelProvider("group/vm", RoutingStrategyKind.Weight, [Target(a, clock, weight: 50), Target(b, clock, weight: 50)],
            sticky with { Identifiers = [new StickyIdentifier(false, "x-session-id")] }, clock, new ScriptedRandom(0.9), before);
        var call = new RecordingCall(new() { ["x-session-id"] = "s1" });
        await after.ChatAsync(Chat, call, CancellationToken.None);

        Assert.Equal("a/m", call.ResolvedRoute!.FullName);
    }
}
