using System.Collections.Frozen;
using Microsoft.Extensions.Time.Testing;
using Sluice.Gateway.Hosting;
using Sluice.Gateway.Snapshots;
using Sluice.Limits.Alerts;
using Sluice.Limits.Checking;
using Sluice.Limits.Counters;
using Sluice.Limits.Rules;

namespace Sluice.Gateway.Tests.Limits;

/// <summary>Manifests compiled as the snapshot compiles them, checked against in-memory counters on a clock the test moves.</summary>
internal sealed class LimitHarness : ILimitAlertSink
{
    /// <summary>10:00:30 UTC on a Saturday: half a minute into a window.</summary>
    public static readonly DateTimeOffset Start = new(2026, 12, 5, 10, 0, 30, TimeSpan.Zero);

    private LimitHarness(string yaml)
    {
        Time = new FakeTimeProvider(Start);
        Counters = new InMemoryLimitCounters(Time);
        Checker = new LimitChecker(Counters, Time, new ThresholdTracker(this, Time));
        Set = LimitSetFactory.Build(ManifestFile.Parse(yaml, "test"));
    }

    public FakeTimeProvider Time { get; }
    public InMemoryLimitCounters Counters { get; }
    public LimitChecker Checker { get; }
    public LimitSet Set { get; }
    public List<LimitAlert> Alerts { get; } = [];

    public static LimitHarness From(string yaml) => new(yaml);

    public void Publish(LimitAlert alert)
    {
        lock (Alerts) Alerts.Add(alert);
    }

    /// <summary>Checks one call by <paramref name="user"/> (in team everyone plus <paramref name="teams"/>).</summary>
    public ValueTask<LimitLease> CallAsync(string user = "alice@example.com", string model = "acct/chat", long tokens = 100,
        string[]? teams = null, Dictionary<string, string>? metadata = null)
    {
        var subjects = new List<string> { "user:" + user, "team:everyone" };
        foreach (var t in teams ?? []) subjects.Add("team:" + t);
        var request = new LimitRequest(subjects.ToFrozenSet(StringComparer.Ordinal), user, null, model, model.Split('/')[0], metadata, tokens);
        return Checker.AcquireAsync(Set, request);
    }

    /// <summary>Checks a call and settles it at once with the given usage and cost.</summary>
    public async Task<LimitLease> CompleteAsync(decimal? cost, long prompt = 10, long completion = 5, string user = "alice@example.com", string model = "acct/chat", string[]? teams = null)
    {
        var lease = await CallAsync(user, model, prompt + completion, teams);
        if (lease.IsAcquired) lease.Settle(prompt, completion, cost);
        return lease;
    }
}
