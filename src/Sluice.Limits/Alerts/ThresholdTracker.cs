using System.Collections.Concurrent;
using Sluice.Limits.Checking;
using Sluice.Limits.Counters;
using Sluice.Limits.Rules;

namespace Sluice.Limits.Alerts;

/// <summary>
/// Fires each threshold of a rule once per bucket and window: the first settlement that crosses it wins. This process
/// remembers what it fired; with shared counters (Redis) each threshold is also claimed there before it is sent, so
/// two instances that both see the crossing send one alert between them.
/// </summary>
public sealed class ThresholdTracker(ILimitAlertSink sink, TimeProvider time, ILimitCounters? claims = null)
{
    /// <summary>The prefix of the claim keys in the shared counter store (<c>sluice:alert:</c> + counter key + threshold).</summary>
    public const string ClaimPrefix = "sluice:alert:";

    private readonly ConcurrentDictionary<string, byte> _fired = new(StringComparer.Ordinal);
    private int _checks;

    /// <summary>Publishes an alert for every threshold between <paramref name="before"/> (exclusive) and <paramref name="after"/> (inclusive).</summary>
    public void Observe(Charge charge, long before, long after)
    {
        var rule = charge.Rule;
        if (rule.Thresholds.Length == 0 || after <= before || charge.Window.Limit <= 0) return;
        if (Interlocked.Increment(ref _checks) % 4096 == 0) Sweep();
        foreach (var threshold in rule.Thresholds)
        {
            var mark = charge.Window.Limit * threshold / 100m;
            if (before >= mark || after < mark) continue;
            var key = charge.Key + "|" + threshold;
            if (!_fired.TryAdd(key, 0)) continue;
            var scale = charge.Window.Metric == LimitMetric.Cost ? LimitPeriods.MicrosPerUsd : 1m;
            var alert = new LimitAlert(rule.Name, rule.Source, charge.Bucket.Replace('\u001f', ','), threshold, after / scale,
                charge.Window.Limit / scale, charge.Window.Unit, charge.WindowEnd, time.GetUtcNow(), rule.AlertTargets);
            if (claims is null)
            {
                sink.Publish(alert);
                continue;
            }

            // In memory the claim completes at once; with Redis it is one SET NX, awaited off the caller's path.
            var claim = claims.ClaimAcrossInstancesAsync(ClaimPrefix + key, charge.WindowEnd);
            if (claim.IsCompletedSuccessfully)
            {
                if (claim.Result) sink.Publish(alert);
            }
            else
            {
                _ = PublishIfClaimedAsync(claim, alert);
            }
        }
    }

    private async Task PublishIfClaimedAsync(ValueTask<bool> claim, LimitAlert alert)
    {
        if (await claim) sink.Publish(alert);
    }

    // Bounded memory: past 100,000 fired marks (keys carry the window start, so old ones pile up) the memory is cleared;
    // a threshold of a window still open may then fire a second time (not with Redis, whose claim outlives the sweep).
    private void Sweep()
    {
        if (_fired.Count > 100_000) _fired.Clear();
    }
}
