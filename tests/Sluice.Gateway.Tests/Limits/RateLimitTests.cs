namespace Sluice.Gateway.Tests.Limits;

public sealed class RateLimitTests
{
    private const string PerUserRpm = """
        name: rate-limits
        type: gateway-rate-limiting-config
        rules:
          - {id: per-user-rpm, when: {}, limit_to: 3, unit: requests_per_minute, rate_limit_applies_per: [user]}
        """;

    [Fact]
    public async Task Acquire_OneMoreThanTheLimit_IsRefusedWithTheRuleAndRetryAfter()
    {
        var limits = LimitHarness.From(PerUserRpm);
        for (var i = 0; i < 3; i++) Assert.True((await limits.CallAsync()).IsAcquired);

        var refused = await limits.CallAsync();

        Assert.False(refused.IsAcquired);
        Assert.Equal("per-user-rpm", refused.Refusal!.Rule.Name);
        Assert.Equal("rate_limit_exceeded", refused.Refusal.Code);
        Assert.Equal(TimeSpan.FromSeconds(30), refused.Refusal.RetryAfter);
        Assert.Contains("per-user-rpm", refused.Refusal.Message, StringComparison.Ordinal);
        Assert.Equal((3L, 0L), (refused.Requests!.Value.Limit, refused.Requests.Value.Remaining));
    }

    [Fact]
    public async Task Acquire_PerUserBuckets_AreIndependent()
    {
        var limits = LimitHarness.From(PerUserRpm);
        for (var i = 0; i < 3; i++) await limits.CallAsync("alice@example.com");

        var bob = await limits.CallAsync("bob@example.com");

        Assert.True(bob.IsAcquired);
        Assert.Equal(2, bob.Requests!.Value.Remaining);
        Assert.False((await limits.CallAsync("alice@example.com")).IsAcquired);
    }

    [Fact]
    public async Task Acquire_NextMinute_FreesTheWindow()
    {
        var limits = LimitHarness.From(PerUserRpm);
        for (var i = 0; i < 3; i++) await limits.CallAsync();
        Assert.False((await limits.CallAsync()).IsAcquired);

        limits.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.True((await limits.CallAsync()).IsAcquired);
    }

    [Fact]
    public async Task Acquire_RefusedCalls_AreNotCounted()
    {
        var limits = LimitHarness.From(PerUserRpm);
        for (var i = 0; i < 10; i++) await limits.CallAsync();
        limits.Time.Advance(TimeSpan.FromMinutes(1));

        var lease = await limits.CallAsync();

        Assert.Equal(2, lease.Requests!.Value.Remaining);
    }

    [Fact]
    public async Task Acquire_V1FirstMatchingRuleDecides_ButUsageCountsOnEveryMatchingRule()
    {
        var limits = LimitHarness.From("""
            name: rate-limits
            type: gateway-rate-limiting-config
            rules:
              - {id: ml-generous, when: {subjects: [team:ml]}, limit_to: 5, unit: requests_per_minute}
              - {id: everyone-strict, when: {}, limit_to: 2, unit: requests_per_minute}
            """);
        for (var i = 0; i < 4; i++) Assert.True((await limits.CallAsync("ml@example.com", teams: ["ml"])).IsAcquired);

        // The ML calls counted on the shared rule too: everyone else is already over it.
        var other = await limits.CallAsync("bob@example.com");

        Assert.Equal("everyone-strict", other.Refusal?.Rule.Name);
        Assert.True((await limits.CallAsync("ml@example.com", teams: ["ml"])).IsAcquired);
        Assert.Equal("ml-generous", (await limits.CallAsync("ml@example.com", teams: ["ml"])).Refusal?.Rule.Name);
    }

    [Fact]
    public async Task Acquire_WhenModelsAndMetadata_MatchOnlyThoseCalls()
    {
        var limits = LimitHarness.From("""
            name: rate-limits
            type: gateway-rate-limiting-config
            rules:
              - {id: search-sonnet, when: {models: [chat-prod/sonnet], metadata: {project: search}}, limit_to: 1, unit: requests_per_hour}
            """);
        var search = new Dictionary<string, string> { ["project"] = "search" };
        Assert.True((await limits.CallAsync(model: "chat-prod/sonnet", metadata: search)).IsAcquired);

        Assert.False((await limits.CallAsync(model: "chat-prod/sonnet", metadata: search)).IsAcquired);
        Assert.True((await limits.CallAsync(model: "chat-prod/sonnet", metadata: new() { ["project"] = "ads" })).IsAcquired);
        Assert.True((await limits.CallAsync(model: "acct/chat", metadata: search)).IsAcquired);
    }

    [Fact]
    public async Task Acquire_FiftyConcurrentTokenCalls_OvershootByAtMostOneReservation()
    {
        var limits = LimitHarness.From("""
            name: rate-limits
            type: gateway-rate-limiting-config
            rules:
              - {id: tpm, when: {}, limit_to: 10000, unit: tokens_per_minute}
            """);
        const int maxTokens = 1000;

        var leases = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(async () => await limits.CallAsync(tokens: maxTokens))));
        foreach (var lease in leases.Where(l => l.IsAcquired)) lease.Settle(200, maxTokens - 200, 0m);

        var admitted = leases.Count(l => l.IsAcquired);
        Assert.InRange(admitted * maxTokens, 10000, 10000 + maxTokens);
        Assert.False((await limits.CallAsync(tokens: 1)).IsAcquired);
    }

    [Fact]
    public async Task Settle_FewerTokensThanReserved_ReturnsTheRest()
    {
        var limits = LimitHarness.From("""
            name: rate-limits
            type: gateway-rate-limiting-config
            rules:
              - {id: tpm, when: {}, limit_to: 1000, unit: tokens_per_minute}
            """);
        var first = await limits.CallAsync(tokens: 1000);
        Assert.False((await limits.CallAsync(tokens: 900)).IsAcquired);
        first.Settle(50, 50, 0m);

        var next = await limits.CallAsync(tokens: 800);

        Assert.True(next.IsAcquired);
        Assert.Equal(100, next.Tokens!.Value.Remaining);
    }

    [Fact]
    public async Task Acquire_V2EveryMatchingLimitMustAllow_SeveralWindows()
    {
        var limits = LimitHarness.From("""
            name: eng-team-throughput
            type: tenant-rate-limit-config/model
            mode: enforce
            when: {subjects: {teams: {in: [eng]}, users: {not_in: [lead@example.com]}}, models: {in: [chat-prod/sonnet]}}
            limits: {requests_per_minute: 5, requests_per_day: 2}
            applies_to: {type: per-user}
            ---
            name: sonnet-total
            type: tenant-rate-limit-config/model
            when: {models: {in: [chat-prod/sonnet]}}
            limits: {requests_per_minute: 100}
            """);
        string[] eng = ["eng"];
        Assert.True((await limits.CallAsync("dev@example.com", "chat-prod/sonnet", teams: eng)).IsAcquired);
        Assert.True((await limits.CallAsync("dev@example.com", "chat-prod/sonnet", teams: eng)).IsAcquired);

        var third = await limits.CallAsync("dev@example.com", "chat-prod/sonnet", teams: eng);

        Assert.Equal(("eng-team-throughput", "requests_per_day"), (third.Refusal?.Rule.Name, third.Refusal?.Window.Unit));
        Assert.True((await limits.CallAsync("lead@example.com", "chat-prod/sonnet", teams: eng)).IsAcquired);
        Assert.True((await limits.CallAsync("dev@example.com", "other/model", teams: eng)).IsAcquired);
    }

    [Fact]
    public async Task Acquire_V2Override_ReplacesTheBaseLimitForThatUser()
    {
        var limits = LimitHarness.From("""
            name: per-user
            type: tenant-rate-limit-config/model
            limits: {requests_per_minute: 1}
            applies_to: {type: per-user, overrides: [{users: [Lead@Example.com], limits: {requests_per_minute: 3}}]}
            """);
        for (var i = 0; i < 3; i++) Assert.True((await limits.CallAsync("lead@example.com")).IsAcquired);

        Assert.False((await limits.CallAsync("lead@example.com")).IsAcquired);
        Assert.True((await limits.CallAsync("dev@example.com")).IsAcquired);
        Assert.False((await limits.CallAsync("dev@example.com")).IsAcquired);
    }

    [Fact]
    public async Task Acquire_AuditMode_NeverRefusesButRecords()
    {
        var limits = LimitHarness.From("""
            name: watch
            type: tenant-rate-limit-config/model
            mode: audit
            limits: {requests_per_minute: 1}
            """);

        for (var i = 0; i < 4; i++) Assert.True((await limits.CallAsync()).IsAcquired);

        Assert.Equal(3, limits.Checker.AuditBlocks("watch"));
    }
}
