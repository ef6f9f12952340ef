namespace Sluice.Limits.Checking;

/// <summary>
/// The values of OpenAI's <c>x-ratelimit-*</c> headers for one metric (requests or tokens): the tightest enforced
/// window that applied to the call.
/// </summary>
public readonly record struct LimitHeaders(long Limit, long Remaining, TimeSpan Reset)
{
    /// <summary>OpenAI's duration format: <c>6m0s</c>, <c>1s</c>, <c>20ms</c>, <c>2h3m4s</c>.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromSeconds(1)) return Math.Max(0, (long)span.TotalMilliseconds) + "ms";
        var total = (long)Math.Ceiling(span.TotalSeconds);
        var h = total / 3600;
        var m = total % 3600 / 60;
        var s = total % 60;
        return h > 0 ? $"{h}h{m}m{s}s" : m > 0 ? $"{m}m{s}s" : $"{s}s";
    }
}
