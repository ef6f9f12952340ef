namespace Sluice.Core.Routing;

/// <summary>
/// A request's own retry settings (TrueFoundry's <c>x-tfy-retry-config</c> header). They take precedence over the
/// target's <c>retry_config</c>, field by field: a field the request leaves out keeps the target's value.
/// </summary>
public sealed record RetryOverride(int? Attempts, TimeSpan? Delay, int[]? OnStatusCodes)
{
    /// <summary>The target's policy with this request's fields in place of its own.</summary>
    public RetryPolicy Over(RetryPolicy target) =>
        new(Attempts ?? target.Attempts, Delay ?? target.Delay, OnStatusCodes ?? target.OnStatusCodes);
}
