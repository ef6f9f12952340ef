namespace Sluice.Core.Routing;

/// <summary>
/// A target's <c>retry_config</c>: up to <see cref="Attempts"/> retries on the same target, <see cref="Delay"/>
/// apart (doubled per retry, jittered), for the statuses in <see cref="OnStatusCodes"/>.
/// </summary>
public sealed record RetryPolicy(int Attempts, TimeSpan Delay, int[] OnStatusCodes)
{
    /// <summary>TrueFoundry's default when <c>retry_config</c> is absent.</summary>
    public static readonly RetryPolicy Default = new(2, TimeSpan.FromMilliseconds(100), [429, 500, 502, 503]);

    /// <summary>No retries (a real model called directly, unless the request asks for retries).</summary>
    public static readonly RetryPolicy None = Default with { Attempts = 0 };

    /// <summary>TrueFoundry's default <c>fallback_status_codes</c>.</summary>
    public static readonly int[] DefaultFallbackStatusCodes = [401, 403, 404, 429, 500, 502, 503];

    public bool RetriesOn(int status) => Contains(OnStatusCodes, status);

    internal static bool Contains(int[] codes, int status)
    {
        for (var i = 0; i < codes.Length; i++)
        {
            if (codes[i] == status) return true;
        }

        return false;
    }
}
