using Sluice.Core.Chat;
using Sluice.Core.Errors;
using Sluice.Core.Providers;
using Sluice.Core.Routing;
using static Sluice.Gateway.Tests.Routing.RoutingHarness;

namespace Sluice.Gateway.Tests.Routing;

/// <summary>The attempt loop: retries, fallbacks, health, streams before and after their first update, cancellation, timeouts.</summary>
public sealed class VirtualModelProviderTests
{
    [Fact]
    public async Task ChatAsync_PrimaryThrottled_FallsBackInPriorityOrder()
    {
        var clock = Clock();
        var a = new FakeTarget("east/m").Then(FakeTarget.Fail(429));
        var b = new FakeTarget("west/m");
        var c = new FakeTarget("global/m");
        var router = Router(RoutingStrategyKind.Priority, clock, new Random(1),
            Target(a, clock, priority: 0), Target(b, clock, priority: 2), Target(c, clock, priority: 1));
        var call = new RecordingCall();

        var response = await router.ChatAsync(Chat, call, CancellationToken.None);

        Assert.Equal("from global/m", response.Text);
        Assert.Equal("global/m", call.ResolvedRoute!.FullName);
        Assert.Equal(2, call.Attempts);
        Assert.Equal(0, b.CallCount);
        Assert.Equal([("east/m", 1, 429)], call.Failed);
    }

    [Fact]
    public async Task ChatAsync_RetryAfterLongerThanDelay_RetriesOnlyAfterRetryAfter()
    {
        var clock = Clock();
        var a = new FakeTarget("east/m").Then(FakeTarget.Fail(429, TimeSpan.FromSeconds(2)));
        var router = Router(RoutingStrategyKind.Priority, clock, new Random(1), Target(a, clock, retries: 1, delayMs: 100));
        var call = new RecordingCall();

        var pending = router.ChatAsync(Chat, call, CancellationToken.None);
        await NextCallAsync(a);
        clock.Advance(TimeSpan.FromMilliseconds(1900));
        Assert.Equal(1, a.CallCount); // the 100 ms delay alone would have retried by now
        clock.Advance(TimeSpan.FromMilliseconds(200));
        await NextCallAsync(a);
        var response = await pending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("from east/m", response.Text);
        Assert.Equal(2, call.Attempts);
    }

    [Fact]
    public async Task ChatAsync_FallbackCandidateFalse_NeverUsedAsFallback()
    {
        var clock = Clock();
        var a = new FakeTarget("east/m").Then(FakeTarget.Fail(503));
        var primaryOnly = new FakeTarget("west/m");
        var router = Router(RoutingStrategyKind.Priority, clock, new Random(1),
            Target(a, clock, priority: 0), Target(primaryOnly, clock, priority: 1, fallbackCandidate: false));

        var e = await Assert.ThrowsAsync<GatewayException>(() => router.ChatAsync(Chat, new RecordingCall(), CancellationToken.None));

        Assert.Equal(503, e.Error.Status);
        Assert.Equal(0, primaryOnly.CallCount);
    }

    [Fact]
    public async Task ChatAsync_FallbackCandidateFalse_StillServesAsFirstChoice()
    {
        var clock = Clock();
        var a = new FakeTarget("east/m");
        var router = Router(RoutingStrategyKind.Priority, clock, new Random(1), Target(a, clock, fallbackCandidate: false));

        var response = await router.ChatAsync(Chat, new RecordingCall(), CancellationToken.None);

        Assert.Equal("from east/m", response.Text);
    }

    [Fact]
    public async Task ChatAsync_StatusNotInFallbackCodes_ReturnedAtOnce()
    {
        var clock = Clock();
        var a = new FakeTarget("east/m").Then(FakeTarget.Fail(400));
        var b = new FakeTarget("west/m");
        var router = Router(RoutingStrategyKind.Priority, clock, new Random(1), Target(a, clock, priority: 0, retries: 2), Target(b, clock, priority: 1));
        var call = new RecordingCall();

        var e = await Assert.ThrowsAsync<GatewayException>(() => router.ChatAsync(Chat, call, CancellationToken.None));

        Assert.Equal(400, e.Error.Status);
        Assert.Equal((1, 0, 1), (a.CallCount, b.CallCount, call.Attempts));
    }

    [Fact]
    public async Task ChatAsync_TargetKeepsFailing_CooledDownThenComesBackByItself()
    {
        var clock = Clock();
        var a = new FakeTarget("east/m").Then(FakeTarget.Fail(500)).Then(FakeTarget.Fail(500));
        var b = new FakeTarget("west/m");
        var router = Router(RoutingStrategyKind.Priority, clock, new Random(1), Target(a, clock, priority: 0), Target(b, clock, priority: 1));

        await router.ChatAsync(Chat, new RecordingCall(), CancellationToken.None);
        await router.ChatAsync(Chat, new RecordingCall(), CancellationToken.None);
        var cooling = new RecordingCall();
        await router.ChatAsync(Chat, cooling, CancellationToken.None);

        Assert.Equal(2, a.CallCount);
        Assert.Equal("west/m", cooling.ResolvedRoute!.FullName);
        Assert.Equal(1, cooling.Attempts);

        clock.Advance(TargetHealth.CoolDown + TimeSpan.FromSeconds(1));
        var back = new RecordingCall();
        await router.ChatAsync(Chat, back, CancellationToken.None);

        Assert.Equal("east/m", back.ResolvedRoute!.FullName);
    }

    [Fact]
    public async Task ChatAsync_OnlyCoolingTargetsLeft_StillTriesThem()
    {
        var clock = Clock();
        var a = new FakeTarget("east/m").Then(FakeTarget.Fail(500)).Then(FakeTarget.Fail(500));
        var router = Router(RoutingStrategyKind.Priority, clock, new Random(1), Target(a, clock));
        await Assert.ThrowsAsync<GatewayException>(() => router.ChatAsync(Chat, new RecordingCall(), CancellationToken.None));
        await Assert.ThrowsAsync<GatewayException>(() => router.ChatAsync(Chat, new RecordingCall(), CancellationToken.None));

        var response = await router.ChatAsync(Chat, new RecordingCall(), CancellationToken.None);

        Assert.Equal("from east/m", response.Text);
    }

    [Fact]
    public async Task StartChatStreamAsync_ThrottledBeforeFirstUpdate_RetriedInvisibly()
    {
        var clock = Clock();
        var a = new FakeTarget("east/m").Then(new FakeTarget.Step(FakeTarget.Fail(429).Error, StreamFailsAfter: 0));
        var router = Router(RoutingStrategyKind.Priority, clock, new Random(1), Target(a, clock, retries: 1));
        var call = new RecordingCall();

        await using var stream = await router.StartChatStreamAsync(Chat, call, CancellationToken.None);
        var text = "";
        await foreach (var u in stream.ReadUpdatesAsync(CancellationToken.None)) text += u.Text;

        Assert.Equal("one two three ", text);
        Assert.Equal(2, call.Attempts);
        Assert.Equal([("east/m", 1, 429)], call.Failed);
    }

    [Fact]
    public async Task StartChatStreamAsync_FailsAfterFirstUpdate_ReaderGetsErrorAndNothingIsRetried()
    {
        var clock = Clock();
        var a = new FakeTarget("east/m").Then(new FakeTarget.Step(FakeTarget.Fail(503).Error, StreamFailsAfter: 1));
        var b = new FakeTarget("west/m");
        var router = Router(RoutingStrategyKind.Priority, clock, new Random(1), Target(a, clock, priority: 0, retries: 2), Target(b, clock, priority: 1));
        var call = new RecordingCall();

        await using var stream = await router.StartChatStreamAsync(Chat, call, CancellationToken.None);
        var seen = new List<string?>();
        var e = await Assert.ThrowsAsync<GatewayException>(async () =>
        {
            await foreach (var u in stream.ReadUpdatesAsync(CancellationToken.None)) seen.Add(u.Text);
        });

        Assert.Equal(503, e.Error.Status);
        Assert.Equal(["one "], seen);
        Assert.Equal((1, 0, 1), (a.CallCount, b.CallCount, call.Attempts));
    }

    [Fact]
    public async Task StartChatStreamAsync_NoFirstTokenInTime_FallsBackEvenWithout408InFallbackCodes()
    {
        var clock = Clock();
        var a = new FakeTarget("east/m").Then(new FakeTarget.Step(BeforeFirstUpdate: ct => Task.Delay(Timeout.Infinite, ct)));
        var b = new FakeTarget("west/m");
        var router = Router(RoutingStrategyKind.Priority, clock, new Random(1), Target(a, clock, priority: 0), Target(b, clock, priority: 1));
        var call = new RecordingCall { FirstTokenTimeout = TimeSpan.FromMilliseconds(500) };

        var pending = router.StartChatStreamAsync(Chat, call, CancellationToken.None);
        await NextCallAsync(a);
        clock.Advance(TimeSpan.FromMilliseconds(600));
        await using var stream = await pending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("west/m", call.ResolvedRoute!.FullName);
        Assert.Equal([("east/m", 1, 408)], call.Failed);
    }

    [Fact]
    public async Task ChatAsync_ClientGoesAwayDuringBackoff_StopsAllAttempts()
    {
        var clock = Clock();
        var a = new FakeTarget("east/m").Then(FakeTarget.Fail(429));
        var b = new FakeTarget("west/m");
        var router = Router(RoutingStrategyKind.Priority, clock, new Random(1), Target(a, clock, priority: 0, retries: 2, delayMs: 1000), Target(b, clock, priority: 1));
        using var client = new CancellationTokenSource();

        var pending = router.ChatAsync(Chat, new RecordingCall(), client.Token);
        await NextCallAsync(a);
        await client.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(TimeSpan.FromSeconds(10)));
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal((1, 0), (a.CallCount, b.CallCount));
    }

    [Fact]
    public async Task ChatAsync_MetadataMatchNotMet_TargetSkipped()
    {
        var clock = Clock();
        var prod = new FakeTarget("east/m");
        var other = new FakeTarget("west/m");
        var router = Router(RoutingStrategyKind.Priority, clock, new Random(1),
            Target(prod, clock, priority: 0, metadataMatch: [new("env", "prod")]), Target(other, clock, priority: 1));

        await router.ChatAsync(Chat, new RecordingCall(), CancellationToken.None);
        var matched = new RecordingCall { Metadata = new Dictionary<string, string> { ["env"] = "prod" } };
        await router.ChatAsync(Chat, matched, CancellationToken.None);

        Assert.Equal((1, 1), (prod.CallCount, other.CallCount));
        Assert.Equal("east/m", matched.ResolvedRoute!.FullName);
    }

    [Fact]
    public async Task ChatAsync_RetryAfterBeyondMaxWait_FallsBackWithoutWaiting()
    {
        var clock = Clock();
        var a = new FakeTarget("east/m").Then(FakeTarget.Fail(429, TimeSpan.FromMinutes(1)));
        var b = new FakeTarget("west/m");
        var router = Router(RoutingStrategyKind.Priority, clock, new Random(1), Target(a, clock, priority: 0, retries: 2), Target(b, clock, priority: 1));
        var call = new RecordingCall();

        var response = await router.ChatAsync(Chat, call, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("from west/m", response.Text);
        Assert.Equal((1, 2), (a.CallCount, call.Attempts));
    }

    [Theory]
    [InlineData(false, 408)]
    [InlineData(true, 200)]
    public async Task ChatAsync_RequestTimeout_Fails408AndFallsBackOnlyWhen408Listed(bool listed, int expected)
    {
        var clock = Clock();
        var a = new FakeTarget("east/m").Then(async ct => { await Task.Delay(Timeout.Infinite, ct); return FakeTarget.Step.Ok; });
        var b = new FakeTarget("west/m");
        var first = Target(a, clock, priority: 0);
        first = new RoutingTarget(first.Route, clock) { FallbackStatusCodes = listed ? [408, 429] : [429], Retry = first.Retry };
        var router = Router(RoutingStrategyKind.Priority, clock, new Random(1), first, Target(b, clock, priority: 1));
        var call = new RecordingCall { RequestTimeout = TimeSpan.FromSeconds(1) };

        var pending = router.ChatAsync(Chat, call, CancellationToken.None);
        await NextCallAsync(a);
        clock.Advance(TimeSpan.FromSeconds(2));
        var status = 200;
        try
        {
            await pending.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (GatewayException e)
        {
            status = e.Error.Status;
            Assert.Equal(RoutingErrors.RequestTimeoutCode, e.Error.Code);
        }

        Assert.Equal(expected, status);
    }

    [Fact]
    public async Task ChatAsync_RequestRetryOverride_RetriesWhereTheTargetWouldFallBack()
    {
        var clock = Clock();
        var a = new FakeTarget("east/m").Then(FakeTarget.Fail(429));
        var b = new FakeTarget("west/m");
        var router = Router(RoutingStrategyKind.Priority, clock, new Random(1), Target(a, clock, priority: 0, retries: 0), Target(b, clock, priority: 1));
        var call = new RecordingCall { Retry = new RetryOverride(1, TimeSpan.Zero, null) };

        var response = await router.ChatAsync(Chat, call, CancellationToken.None);

        Assert.Equal("from east/m", response.Text);
        Assert.Equal((2, 0), (a.CallCount, b.CallCount));
    }

    [Fact]
    public async Task ChatAsync_TargetHeadersOverride_CurrentDuringItsAttemptsOnly()
    {
        var clock = Clock();
        var headers = new UpstreamHeaders([new("X-Amzn-Bedrock-Service-Tier", "priority")], []);
        var a = new FakeTarget("east/m").Then(FakeTarget.Fail(503));
        var b = new FakeTarget("west/m");
        var first = new RoutingTarget(a.Route, clock) { Priority = 0, Retry = RetryPolicy.None, Headers = headers };
        var router = Router(RoutingStrategyKind.Priority, clock, new Random(1), first, Target(b, clock, priority: 1));

        await router.ChatAsync(Chat, new RecordingCall(), CancellationToken.None);

        Assert.Same(headers, Assert.Single(a.HeadersSeen));
        Assert.Null(Assert.Single(b.HeadersSeen));
        Assert.Null(UpstreamHeaders.Current);
    }
}
