using Sluice.Limits.Counters;
using Sluice.Limits.Rules;

namespace Sluice.Limits.Checking;

/// <summary>
/// The outcome of one check: acquired (settle it when the call ends, whatever the outcome) or refused
/// (<see cref="Refusal"/> says why). Either way it carries the <c>x-ratelimit-*</c> values of the call.
/// </summary>
public sealed class LimitLease
{
    /// <summary>What a call matched by no rule gets: acquired, nothing to settle, no headers.</summary>
    public static readonly LimitLease None = new(null, [], [], default, null);

    /// <summary>Dollars per million tokens a call without a price is counted at (input, output): the dearest Bedrock text model's list price.</summary>
    public const decimal UnpricedInputPerMillion = 15m;

    /// <summary>See <see cref="UnpricedInputPerMillion"/>.</summary>
    public const decimal UnpricedOutputPerMillion = 75m;

    private readonly LimitChecker? _checker;
    private readonly Charge[] _charges;
    private readonly long[] _totals;
    private readonly DateTimeOffset _at;
    private int _settled;

    internal LimitLease(LimitChecker? checker, Charge[] charges, long[] totals, DateTimeOffset at, LimitRefusal? refusal)
    {
        _checker = checker;
        _charges = charges;
        _totals = totals;
        _at = at;
        Refusal = refusal;
        _settled = refusal is null && charges.Length > 0 ? 0 : 1;
        Requests = Tightest(LimitMetric.Requests);
        Tokens = Tightest(LimitMetric.Tokens);
    }

    public bool IsAcquired => Refusal is null;

    public LimitRefusal? Refusal { get; }

    /// <summary>The tightest enforced request window that applied; null when none did.</summary>
    public LimitHeaders? Requests { get; }

    /// <summary>The tightest enforced token window that applied; null when none did.</summary>
    public LimitHeaders? Tokens { get; }

    /// <summary>
    /// Replaces token reservations with the real count and adds the call's cost; a call with no price
    /// (<paramref name="costUsd"/> null) is counted at the unpriced fallback and flagged. Only the first call counts,
    /// so every exit of a handler (success, failure, client abort) may settle.
    /// </summary>
    public void Settle(long promptTokens, long completionTokens, decimal? costUsd)
    {
        if (Interlocked.Exchange(ref _settled, 1) == 1) return;
        var tokens = promptTokens + completionTokens;
        var unpriced = costUsd is null;
        var cost = costUsd ?? ((promptTokens * UnpricedInputPerMillion) + (completionTokens * UnpricedOutputPerMillion)) / 1_000_000m;
        var micros = (long)decimal.Round(cost * LimitPeriods.MicrosPerUsd);
        var adjustments = new List<CounterCharge>(_charges.Length);
        for (var i = 0; i < _charges.Length; i++)
        {
            var c = _charges[i];
            var delta = c.Window.Metric switch
            {
                LimitMetric.Tokens => tokens - c.Amount,
                LimitMetric.Cost => micros,
                _ => 0,
            };
            if (c.Window.Metric == LimitMetric.Cost && unpriced) _checker!.CountUnpriced(c.Rule.Name);
            if (delta == 0) continue;
            adjustments.Add(new CounterCharge(c.Key, delta, c.WindowEnd));
            if (c.Window.Metric != LimitMetric.Requests)
            {
                var before = _totals[i] - (c.Window.Metric == LimitMetric.Tokens ? c.Amount : 0);
                _checker!.Alerts?.Observe(c, before, before + (c.Window.Metric == LimitMetric.Tokens ? tokens : micros));
            }
        }

        if (adjustments.Count > 0) _checker!.Counters.AddInBackground([.. adjustments]);
    }

    private LimitHeaders? Tightest(LimitMetric metric)
    {
        LimitHeaders? best = null;
        for (var i = 0; i < _charges.Length; i++)
        {
            var c = _charges[i];
            if (c.Window.Metric != metric || !c.Decides || !c.Rule.Enforce) continue;
            // An admitted call's own charge is part of the total; a refused one never counted.
            var used = Refusal is null ? _totals[i] : _totals[i] - c.Amount;
            var remaining = Math.Max(0, c.Window.Limit - used);
            if (best is null || remaining < best.Value.Remaining)
            {
                best = new LimitHeaders(c.Window.Limit, remaining, c.WindowEnd - _at);
            }
        }

        return best;
    }
}
