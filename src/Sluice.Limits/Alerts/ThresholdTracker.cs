using System.Collections.Concurrent;
using Sluice.Limits.Checking;
using Sluice.Limits.Rules;

namespace Sluice.Limits.Alerts;

/// <summary>Fires each threshold of a rule once per bucket and window: the first settlement that crosses it wins.</summary>
public sealed class ThresholdTracker(ILimitAlertSink sink, TimeProvider time)
{
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
            if (!_fired.TryAdd(charge.Key + "|" + threshold, 0)) continue;
            var scale = charge.Window.Metric == LimitMetric.Cost ? LimitPeriods.MicrosPerUsd : 1m;
            sink.Publish(new LimitAlert(rule.Name, rule.Source, charge.Bucket.Replace('\u001f', ','), threshold, after / scale,
                charge.Window.Limit / scale, charge.Window.Unit, charge.WindowEnd, time.GetUtcNow(), rule.AlertTargets));
        }
    }

    // Bounded memory: past 100,000 fired marks (keys carry the window start, so old ones pile up) the memory is cleared;
    // a threshold of a window still open may then fire a second time.
    private void Sweep()
    {
        if (_fired.Count > 100_000) _fired.Clear();
    }
}
