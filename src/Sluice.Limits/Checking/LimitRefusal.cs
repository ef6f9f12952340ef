using Sluice.Limits.Rules;

namespace Sluice.Limits.Checking;

/// <summary>Why a call was refused: the rule, its window, the bucket, what was used, and when the window frees.</summary>
public sealed record LimitRefusal(LimitRule Rule, LimitWindow Window, string Bucket, long Used, TimeSpan RetryAfter)
{
    /// <summary>The OpenAI error code: <c>rate_limit_exceeded</c> or <c>budget_exceeded</c>.</summary>
    public string Code => Rule.Kind == LimitKind.Budget ? "budget_exceeded" : "rate_limit_exceeded";

    /// <summary>What the caller reads: which rule, what it allows, when to retry, and who can change it.</summary>
    public string Message
    {
        get
        {
            var what = Rule.Kind == LimitKind.Budget ? "budget" : "rate limit";
            var bucket = Bucket.Length == 0 ? "" : $" for {Bucket.Replace('\u001f', ',')}";
            var amount = Window.Metric == LimitMetric.Cost ? $"${Window.Amount:0.######}" : Window.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var seconds = Math.Max(1, (long)Math.Ceiling(RetryAfter.TotalSeconds));
            return $"The {what} '{Rule.Name}' ({amount} {Window.Unit}{bucket}) is used up. Retry after {seconds} s, when its window resets, " +
                   $"or ask an administrator to raise it ({Rule.Source}).";
        }
    }
}
