using System.Collections.Concurrent;
using System.Globalization;
using Sluice.Limits.Alerts;
using Sluice.Limits.Counters;
using Sluice.Limits.Rules;

namespace Sluice.Limits.Checking;

/// <summary>
/// The one entry point of limits: <see cref="AcquireAsync"/> before the upstream call returns a <see cref="LimitLease"/>
/// (acquired, or refused with its reason and retry-after, as <c>System.Threading.RateLimiting</c> does), and
/// <see cref="LimitLease.Settle"/> after it adds the real tokens and cost.
/// </summary>
/// <remarks>
/// V1 rules: usage counts on every matching rule, the first matching rule alone decides (rate limits, then budgets).
/// V2 limits: every matching limit in enforce mode must allow. A refused call counts nowhere (its charges are rolled
/// back). Requests charge 1 when admitted; token windows reserve the call's estimate, refused once the window is
/// already at its limit; cost windows charge nothing until settlement, refused once spend has reached the limit.
/// </remarks>
public sealed class LimitChecker(ILimitCounters counters, TimeProvider time, ThresholdTracker? alerts = null)
{
    private readonly ConcurrentDictionary<string, long> _auditBlocks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _unpriced = new(StringComparer.Ordinal);

    public ILimitCounters Counters => counters;

    public TimeProvider Time => time;

    internal ThresholdTracker? Alerts => alerts;

    public async ValueTask<LimitLease> AcquireAsync(LimitSet set, LimitRequest request)
    {
        if (set.IsEmpty) return LimitLease.None;
        var now = time.GetUtcNow();
        // Created at the first match: a call no rule covers allocates nothing.
        List<Charge>? charges = null;
        AddOrdered(set.RateLimitsV1, "r1", request, now, ref charges);
        AddOrdered(set.BudgetsV1, "b1", request, now, ref charges);
        AddAll(set.RateLimitsV2, "r2", request, now, ref charges);
        AddAll(set.BudgetsV2, "b2", request, now, ref charges);
        if (charges is null) return LimitLease.None;

        var batch = new CounterCharge[charges.Count];
        for (var i = 0; i < batch.Length; i++) batch[i] = new CounterCharge(charges[i].Key, charges[i].Amount, charges[i].WindowEnd);
        var totals = await counters.AddAsync(batch);

        LimitRefusal? refusal = null;
        for (var i = 0; i < charges.Count; i++)
        {
            var c = charges[i];
            if (totals[i] - c.Amount < c.Window.Limit) continue;
            if (!c.Rule.Enforce)
            {
                // Audit mode: what would have been refused is recorded, nothing is.
                _auditBlocks.AddOrUpdate(c.Rule.Name, 1, static (_, n) => n + 1);
                continue;
            }

            if (c.Decides && refusal is null)
            {
                refusal = new LimitRefusal(c.Rule, c.Window, c.Bucket, totals[i] - c.Amount, c.WindowEnd - now);
            }
        }

        if (refusal is not null)
        {
            for (var i = 0; i < batch.Length; i++) batch[i] = batch[i] with { Amount = -batch[i].Amount };
            counters.AddInBackground(batch);
            return new LimitLease(this, [.. charges], totals, now, refusal);
        }

        return new LimitLease(this, [.. charges], totals, now, null);
    }

    /// <summary>How many calls each audit-mode rule would have refused, since this process started.</summary>
    public long AuditBlocks(string rule) => _auditBlocks.TryGetValue(rule, out var n) ? n : 0;

    /// <summary>How many settled calls had no price and were counted at the fallback price, per rule.</summary>
    public long Unpriced(string rule) => _unpriced.TryGetValue(rule, out var n) ? n : 0;

    internal void CountUnpriced(string rule) => _unpriced.AddOrUpdate(rule, 1, static (_, n) => n + 1);

    /// <summary>The bucket a request falls in for <paramref name="rule"/>: "" when shared, else the dimension values.</summary>
    public static string BucketOf(LimitRule rule, in LimitRequest request)
    {
        var per = rule.AppliesPer;
        if (per.Length == 0) return "";
        if (per.Length == 1) return ValueOf(per[0], request);
        var values = new string[per.Length];
        for (var i = 0; i < per.Length; i++) values[i] = ValueOf(per[i], request);
        return string.Join('\u001f', values);
    }

    /// <summary>The counter key of one rule, bucket and window: stable across snapshots, so a config change keeps counts.</summary>
    public static string KeyOf(string tag, LimitRule rule, LimitWindow window, string bucket, DateTimeOffset start) =>
        string.Concat("sluice:limit:", tag, ":", rule.Name, ":", window.Unit, ":",
            start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ":", bucket);

    private static string ValueOf(LimitDimension d, in LimitRequest r) => d.Kind switch
    {
        LimitDimensionKind.User => r.User,
        LimitDimensionKind.VirtualAccount => r.VirtualAccount ?? "",
        LimitDimensionKind.Model => r.Model,
        _ => r.Metadata is not null && r.Metadata.TryGetValue(d.MetadataKey!, out var v) ? v : "",
    };

    private static void AddOrdered(LimitRule[] rules, string tag, in LimitRequest request, DateTimeOffset now, ref List<Charge>? charges)
    {
        var decided = false;
        foreach (var rule in rules)
        {
            if (!rule.When.Matches(request)) continue;
            Add(rule, tag, request, now, decides: !decided, charges ??= new List<Charge>(4));
            decided = true;
        }
    }

    private static void AddAll(LimitRule[] rules, string tag, in LimitRequest request, DateTimeOffset now, ref List<Charge>? charges)
    {
        foreach (var rule in rules)
        {
            if (rule.When.Matches(request)) Add(rule, tag, request, now, decides: true, charges ??= new List<Charge>(4));
        }
    }

    private static void Add(LimitRule rule, string tag, in LimitRequest request, DateTimeOffset now, bool decides, List<Charge> charges)
    {
        var bucket = BucketOf(rule, request);
        foreach (var window in rule.WindowsFor(bucket))
        {
            var start = LimitPeriods.Start(window.Period, now);
            var amount = window.Metric switch
            {
                LimitMetric.Requests => 1,
                LimitMetric.Tokens => Math.Max(1, request.EstimatedTokens),
                _ => 0,
            };
            charges.Add(new Charge(rule, window, bucket, KeyOf(tag, rule, window, bucket, start), amount, decides, start,
                LimitPeriods.End(window.Period, start)));
        }
    }
}
