using System.Collections.Frozen;
using BenchmarkDotNet.Attributes;
using Sluice.Limits.Checking;
using Sluice.Limits.Counters;
using Sluice.Limits.Rules;

namespace Sluice.Benchmarks;

/// <summary>
/// What the limit check adds to a call (issue 13): a per-user requests-per-minute rule that matches, checked and
/// settled against in-memory counters, and a rule set none of whose rules match the call.
/// </summary>
[MemoryDiagnoser]
public class LimitBenchmarks
{
    private static readonly LimitRequest Request = new(
        new[] { "user:alice@example.com", "team:everyone", "team:ml" }.ToFrozenSet(StringComparer.Ordinal),
        "alice@example.com", null, "acct/chat", "acct", null, 1000);

    private readonly LimitChecker _checker = new(new InMemoryLimitCounters(TimeProvider.System), TimeProvider.System);
    private LimitSet _matching = null!;
    private LimitSet _notMatching = null!;

    [GlobalSetup]
    public void Setup()
    {
        var perUser = new LimitRule
        {
            Name = "per-user-rpm", Kind = LimitKind.RateLimit, Source = "bench",
            Windows = [LimitWindow.From("requests_per_minute", int.MaxValue)!], AppliesPer = [LimitDimension.User],
        };
        _matching = new LimitSet { RateLimitsV1 = [perUser] };
        var other = new LimitRule
        {
            Name = "ci-bot", Kind = LimitKind.RateLimit, Source = "bench", Windows = perUser.Windows,
            When = new LimitMatcher { SubjectsIn = new[] { "virtualaccount:ci-bot" }.ToFrozenSet(StringComparer.Ordinal) },
        };
        _notMatching = new LimitSet { RateLimitsV1 = [other, other, other] };
    }

    [Benchmark(Baseline = true)]
    public async ValueTask<bool> NoRuleMatches() => (await _checker.AcquireAsync(_notMatching, Request)).IsAcquired;

    [Benchmark]
    public async ValueTask<bool> PerUserRpmCheckAndSettle()
    {
        var lease = await _checker.AcquireAsync(_matching, Request);
        lease.Settle(100, 50, 0.001m);
        return lease.IsAcquired;
    }
}
