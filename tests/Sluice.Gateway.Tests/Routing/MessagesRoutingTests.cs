using System.Text;
using System.Text.Json.Nodes;
using Sluice.Core.Errors;
using Sluice.Core.Messages;
using Sluice.Core.Routing;
using static Sluice.Gateway.Tests.Routing.RoutingHarness;

namespace Sluice.Gateway.Tests.Routing;

/// <summary>Anthropic Messages through a virtual model: the chat attempt loop, over the targets that take Messages.</summary>
public sealed class MessagesRoutingTests
{
    private static MessagesRequest Request() =>
        new(JsonNode.Parse("""{"model":"group/vm","max_tokens":100,"temperature":1,"messages":[{"role":"user","content":"hi"}]}""")!.AsObject(), ["beta-1"], "2023-06-01");

    [Fact]
    public async Task SendMessagesAsync_PrimaryThrottled_FallsBackInPriorityOrder()
    {
        var clock = Clock();
        var a = new FakeTarget("east/m").Then(FakeTarget.Fail(429));
        var b = new FakeTarget("west/m");
        var router = Router(RoutingStrategyKind.Priority, clock, new Random(1), Target(a, clock, priority: 0), Target(b, clock, priority: 1));
        var call = new RecordingCall();

        var response = await router.SendMessagesAsync(Request(), call, CancellationToken.None);

        Assert.Equal("""{"from":"west/m"}""", Encoding.UTF8.GetString(response.Body.Span));
        Assert.Equal(("west/m", 2), (call.ResolvedRoute!.FullName, call.Attempts));
        Assert.Equal([("east/m", 1, 429)], call.Failed);
    }

    [Fact]
    public async Task SendMessagesAsync_TargetWithoutMessages_NeverCalled()
    {
        var clock = Clock();
        var converse = new FakeTarget("east/nova", messages: false);
        var claude = new FakeTarget("west/claude");
        var router = Router(RoutingStrategyKind.Priority, clock, new Random(1), Target(converse, clock, priority: 0), Target(claude, clock, priority: 1));

        var response = await router.SendMessagesAsync(Request(), new RecordingCall(), CancellationToken.None);

        Assert.True(router.SupportsMessages);
        Assert.Equal("""{"from":"west/claude"}""", Encoding.UTF8.GetString(response.Body.Span));
        Assert.Equal(0, converse.CallCount);
    }

    [Fact]
    public async Task SendMessagesAsync_NoTargetTakesMessages_RefusedWith400()
    {
        var clock = Clock();
        var router = Router(RoutingStrategyKind.Priority, clock, new Random(1), Target(new FakeTarget("east/nova", messages: false), clock));

        var e = await Assert.ThrowsAsync<GatewayException>(() => router.SendMessagesAsync(Request(), new RecordingCall(), CancellationToken.None));

        Assert.False(router.SupportsMessages);
        Assert.Equal((400, "messages_not_supported"), (e.Error.Status, e.Error.Code));
    }

    [Fact]
    public async Task SendMessagesAsync_OverrideParams_SentOnACopyCallerBodyUnchanged()
    {
        var clock = Clock();
        var a = new FakeTarget("east/m");
        var target = new RoutingTarget(a.Route, clock)
        {
            Overrides = new RequestOverrides(Temperature: 0.5f, MaxTokens: 7, Stop: ["END"], TopK: 3, Dimensions: 9),
        };
        var router = Router(RoutingStrategyKind.Priority, clock, new Random(1), target);
        var request = Request();
        var before = request.Body.ToJsonString();

        await router.SendMessagesAsync(request, new RecordingCall(), CancellationToken.None);

        var sent = a.MessagesRequests.Single();
        Assert.Equal(before, request.Body.ToJsonString());
        Assert.Equal(("7", "0.5", "3", """["END"]"""), (sent.Body["max_tokens"]!.ToJsonString(), sent.Body["temperature"]!.ToJsonString(),
            sent.Body["top_k"]!.ToJsonString(), sent.Body["stop_sequences"]!.ToJsonString()));
        Assert.Null(sent.Body["dimensions"]);
        Assert.Equal(request.Betas, sent.Betas);
    }

    [Fact]
    public async Task StartMessagesStreamAsync_FailsBeforeFirstContent_FallsBackInvisiblyAndReplaysHeldEvents()
    {
        var clock = Clock();
        var a = new FakeTarget("east/m").Then(new FakeTarget.Step(FakeTarget.Fail(503).Error, StreamFailsAfter: 0));
        var b = new FakeTarget("west/m");
        var router = Router(RoutingStrategyKind.Priority, clock, new Random(1), Target(a, clock, priority: 0), Target(b, clock, priority: 1));
        var call = new RecordingCall();

        await using var stream = await router.StartMessagesStreamAsync(Request(), call, CancellationToken.None);
        var events = await ReadAllAsync(stream);

        Assert.Equal(["message_start", "ping", "content_block_start", "content_block_delta", "content_block_delta", "content_block_delta",
            "content_block_stop", "message_delta", "message_stop"], events.Select(e => e.Type));
        Assert.Contains("msg_west", events[0].Json, StringComparison.Ordinal);
        Assert.Equal([("east/m", 1, 503)], call.Failed);
        Assert.Equal(3, stream.Usage!.CompletionTokens);
    }

    [Fact]
    public async Task StartMessagesStreamAsync_OverloadedErrorEventBeforeContent_RetriedInvisibly()
    {
        var clock = Clock();
        var a = new FakeTarget("east/m").Then(new FakeTarget.Step(ErrorEvent: true));
        var router = Router(RoutingStrategyKind.Priority, clock, new Random(1), Target(a, clock, retries: 1));
        var call = new RecordingCall();

        await using var stream = await router.StartMessagesStreamAsync(Request(), call, CancellationToken.None);
        var events = await ReadAllAsync(stream);

        Assert.DoesNotContain(events, e => e.Type == "error");
        Assert.Single(events, e => e.Type == "message_start");
        Assert.Equal([("east/m", 1, 429)], call.Failed);
        Assert.Equal(2, a.CallCount);
    }

    [Fact]
    public async Task StartMessagesStreamAsync_FailsAfterFirstContent_ReaderGetsErrorAndNothingIsRetried()
    {
        var clock = Clock();
        var a = new FakeTarget("east/m").Then(new FakeTarget.Step(FakeTarget.Fail(503).Error, StreamFailsAfter: 1));
        var b = new FakeTarget("west/m");
        var router = Router(RoutingStrategyKind.Priority, clock, new Random(1), Target(a, clock, priority: 0, retries: 2), Target(b, clock, priority: 1));
        var call = new RecordingCall();

        await using var stream = await router.StartMessagesStreamAsync(Request(), call, CancellationToken.None);
        var seen = new List<string>();
        var e = await Assert.ThrowsAsync<GatewayException>(async () =>
        {
            await foreach (var ev in stream.ReadEventsAsync(CancellationToken.None)) seen.Add(ev.Type);
        });

        Assert.Equal(503, e.Error.Status);
        Assert.Equal(["message_start", "ping", "content_block_start", "content_block_delta"], seen);
        Assert.Equal((1, 0, 1), (a.CallCount, b.CallCount, call.Attempts));
    }

    [Fact]
    public async Task StartMessagesStreamAsync_NoFirstContentInTime_FallsBack()
    {
        var clock = Clock();
        var a = new FakeTarget("east/m").Then(new FakeTarget.Step(BeforeFirstUpdate: ct => Task.Delay(Timeout.Infinite, ct)));
        var b = new FakeTarget("west/m");
        var router = Router(RoutingStrategyKind.Priority, clock, new Random(1), Target(a, clock, priority: 0), Target(b, clock, priority: 1));
        var call = new RecordingCall { FirstTokenTimeout = TimeSpan.FromMilliseconds(500) };

        var pending = router.StartMessagesStreamAsync(Request(), call, CancellationToken.None);
        await NextCallAsync(a);
        clock.Advance(TimeSpan.FromMilliseconds(600));
        await using var stream = await pending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("west/m", call.ResolvedRoute!.FullName);
        Assert.Equal([("east/m", 1, 408)], call.Failed);
    }

    [Fact]
    public async Task CountTokensAsync_PrimaryFails_CountedOnFallback()
    {
        var clock = Clock();
        var a = new FakeTarget("east/m").Then(FakeTarget.Fail(500));
        var b = new FakeTarget("west/m");
        var router = Router(RoutingStrategyKind.Priority, clock, new Random(1), Target(a, clock, priority: 0), Target(b, clock, priority: 1));
        var call = new RecordingCall();

        var tokens = await router.CountTokensAsync(Request(), call, CancellationToken.None);

        Assert.Equal((42, "west/m"), (tokens, call.ResolvedRoute!.FullName));
    }

    private static async Task<List<(string Type, string Json)>> ReadAllAsync(MessagesStream stream)
    {
        var events = new List<(string, string)>();
        await foreach (var e in stream.ReadEventsAsync(CancellationToken.None)) events.Add((e.Type, Encoding.UTF8.GetString(e.Data.Span)));
        return events;
    }
}
