using Sluice.Core.Configuration;

namespace Sluice.Core.Routing;

/// <summary>
/// One <c>load_balance_targets</c> entry, bound to the real model it names, with its live health and latency.
/// Built once per snapshot; the health and latency of a target that survives a rebuild are carried over.
/// </summary>
public sealed class RoutingTarget
{
    public RoutingTarget(ModelRoute route, TimeProvider time)
    {
        Route = route;
        Health = new TargetHealth(time);
        Latency = new TargetLatency(time);
    }

    /// <summary>The real model (<c>account/model</c>) this target calls.</summary>
    public ModelRoute Route { get; }

    /// <summary>Share of traffic (weight-based); 0 = only as a fallback.</summary>
    public int Weight { get; init; }

    /// <summary>Lower is preferred (priority-based).</summary>
    public int Priority { get; init; }

    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    public int[] FallbackStatusCodes { get; init; } = RetryPolicy.DefaultFallbackStatusCodes;

    /// <summary>False: never tried as someone else's fallback, only as the first choice.</summary>
    public bool FallbackCandidate { get; init; } = true;

    /// <summary>Request fields forced on this target's calls; null = none.</summary>
    public RequestOverrides? Overrides { get; init; }

    /// <summary>Headers set on or removed from this target's upstream requests (<c>headers_override</c>); null = none.</summary>
    public Providers.UpstreamHeaders? Headers { get; init; }

    /// <summary>Pairs the request metadata must carry for this target to be eligible; null = always eligible.</summary>
    public KeyValuePair<string, string>[]? MetadataMatch { get; init; }

    public SlaCutoff? Sla { get; init; }

    public TargetHealth Health { get; private init; }

    public TargetLatency Latency { get; private init; }

    /// <summary>This target with <paramref name="previous"/>'s health and latency, so a snapshot rebuild forgets neither.</summary>
    public RoutingTarget Inherit(RoutingTarget previous) =>
        new(Route, TimeProvider.System)
        {
            Weight = Weight,
            Priority = Priority,
            Retry = Retry,
            FallbackStatusCodes = FallbackStatusCodes,
            FallbackCandidate = FallbackCandidate,
            Overrides = Overrides,
            Headers = Headers,
            MetadataMatch = MetadataMatch,
            Sla = Sla,
            Health = previous.Health,
            Latency = previous.Latency,
        };

    /// <summary>Whether a failure with <paramref name="status"/> moves on to another target.</summary>
    public bool FallsBackOn(int status) => RetryPolicy.Contains(FallbackStatusCodes, status);

    /// <summary>Healthy: not cooling down and, with an SLA cut-off, within it.</summary>
    public bool IsHealthy(long now)
    {
        if (!Health.IsHealthy(now)) return false;
        if (Sla is not { } sla) return true;
        return !(sla.TimePerOutputTokenMs is { } tpot && Latency.TimePerOutputTokenMs(now) > tpot)
               && !(sla.TimeToFirstTokenMs is { } ttft && Latency.TimeToFirstTokenMs(now) > ttft);
    }

    /// <summary>Whether every <see cref="MetadataMatch"/> pair is in <paramref name="metadata"/>.</summary>
    public bool Matches(IReadOnlyDictionary<string, string>? metadata)
    {
        if (MetadataMatch is not { } pairs) return true;
        for (var i = 0; i < pairs.Length; i++)
        {
            if (metadata is null || !metadata.TryGetValue(pairs[i].Key, out var value) || !string.Equals(value, pairs[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
