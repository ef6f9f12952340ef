using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Core.Configuration;
using Sluice.Core.Pricing;
using Sluice.Core.Providers;
using Sluice.Core.Routing;
using Sluice.Gateway.Manifests;

namespace Sluice.Gateway.Snapshots;

/// <summary>
/// Turns a stored virtual model into a route whose provider is Core's router over the snapshot's real models.
/// Targets keep their health and latency across snapshot rebuilds.
/// </summary>
public static class VirtualModelFactory
{
    /// <summary>The route, or null (with <paramref name="missing"/> naming a target) when a target no longer exists.</summary>
    public static ModelRoute? Build(string group, VirtualModelDocument model, IReadOnlyDictionary<string, ModelRoute> realModels,
        GatewaySnapshot previous, FrozenSet<string> allowedSubjects, TimeProvider time, Random random, out string? missing, RetryPolicy? tenantRetry = null)
    {
        var fullName = group + "/" + model.Name;
        var old = previous.Models.TryGetValue(fullName, out var before) ? before.Router : null;
        if (Router(fullName, model.RoutingConfig!, realModels, old, time, random, out missing, tenantRetry ?? RetryPolicy.Default) is not { } router)
        {
            return null;
        }

        var first = router.Targets[0].Route;
        return new ModelRoute(group, model.Name, SnapshotBuilder.Types(model.ModelTypes), first.UpstreamModelId, router, null, allowedSubjects)
        {
            Router = router,
            DropParams = first.DropParams,
            ChatPassthrough = Passthrough(router),
        };
    }

    /// <summary>Whether none, some or all of a router's targets take the caller's OpenAI chat body as is.</summary>
    public static ChatPassthroughTargets Passthrough(VirtualModelProvider router)
    {
        var count = 0;
        foreach (var t in router.Targets)
        {
            if (t.Route.ChatPassthrough == ChatPassthroughTargets.All) count++;
        }

        return count == 0 ? ChatPassthroughTargets.None : count == router.Targets.Count ? ChatPassthroughTargets.All : ChatPassthroughTargets.Some;
    }

    /// <summary>A legacy rule as a route (named <c>config/rule-id</c>) serving what all its targets serve; null when no target exists.</summary>
    public static RoutingRule? Rule(LoadBalancingConfigDocument config, LoadBalancingRuleDocument rule, IReadOnlyDictionary<string, ModelRoute> realModels,
        GatewaySnapshot previous, TimeProvider time, Random random, out string? missing, RetryPolicy? tenantRetry = null)
    {
        var fullName = config.Name + "/" + rule.Id;
        VirtualModelProvider? old = null;
        foreach (var r in previous.RoutingRules)
        {
            if (r.Route.FullName == fullName) old = r.Route.Router;
        }

        if (Router(fullName, rule.AsRouting(), realModels, old, time, random, out missing, tenantRetry ?? RetryPolicy.Default) is not { } router)
        {
            return null;
        }

        var types = ModelType.Chat | ModelType.Embedding | ModelType.Image;
        foreach (var t in router.Targets) types &= t.Route.Types;
        var first = router.Targets[0].Route;
        var route = new ModelRoute(config.Name, rule.Id, types, first.UpstreamModelId, router, null, FrozenSet<string>.Empty)
        {
            Router = router,
            DropParams = first.DropParams,
            ChatPassthrough = Passthrough(router),
        };
        var when = rule.When!;
        return new RoutingRule(rule.Id, when.Models.ToFrozenSet(StringComparer.Ordinal),
            when.Subjects is { } s ? s.Select(x => Sluice.Core.Access.Subject.TryParse(x, out var p, out _) ? p.Value : x).ToFrozenSet(StringComparer.Ordinal) : null,
            when.Metadata is { Count: > 0 } m ? [.. m] : null, route);
    }

    private static VirtualModelProvider? Router(string fullName, RoutingConfigDocument routing, IReadOnlyDictionary<string, ModelRoute> realModels,
        VirtualModelProvider? old, TimeProvider time, Random random, out string? missing, RetryPolicy tenantRetry)
    {
        missing = null;
        var targets = new List<RoutingTarget>(routing.LoadBalanceTargets.Count);
        foreach (var t in routing.LoadBalanceTargets)
        {
            if (!realModels.TryGetValue(t.Target, out var route) || route.Router is not null)
            {
                missing = t.Target;
                continue;
            }

            var target = new RoutingTarget(route, time)
            {
                Weight = t.Weight ?? 0,
                Priority = t.Priority ?? 0,
                // The target's own retry_config, else the tenant's retry_settings, else TrueFoundry's defaults.
                Retry = t.RetryConfig is { } r ? Policy(r) : tenantRetry,
                FallbackStatusCodes = t.FallbackStatusCodes is { } fallback ? VirtualModelValidator.ParseStatusCodes(fallback) : RetryPolicy.DefaultFallbackStatusCodes,
                FallbackCandidate = t.FallbackCandidate ?? true,
                Overrides = t.OverrideParams is { Count: > 0 } o ? Overrides(o) : null,
                Headers = t.HeadersOverride is { } h && (h.Set is { Count: > 0 } || h.Remove is { Count: > 0 })
                    ? new UpstreamHeaders([.. h.Set ?? new Dictionary<string, string>()], [.. h.Remove ?? []])
                    : null,
                MetadataMatch = t.MetadataMatch is { Count: > 0 } m ? [.. m] : null,
                Sla = t.SlaCutoff is { } sla ? new SlaCutoff(sla.TimePerOutputTokenMs, sla.TimeToFirstTokenMs) : null,
            };
            targets.Add(Carried(target, old));
        }

        if (targets.Count == 0)
        {
            return null;
        }

        var strategy = routing.Type switch
        {
            ManifestTypes.WeightRouting => RoutingStrategyKind.Weight,
            ManifestTypes.PriorityRouting => RoutingStrategyKind.Priority,
            _ => RoutingStrategyKind.Latency,
        };
        StickyRouting? sticky = routing.StickyRouting is { } s
            ? new StickyRouting(TimeSpan.FromSeconds(s.TtlSeconds), [.. s.SessionIdentifiers.Select(i => new StickyIdentifier(i.Source == "metadata", i.Key))])
            : null;
        return new VirtualModelProvider(fullName, strategy, [.. targets], sticky, time, random, old);
    }

    /// <summary>A retry object as a policy; the fields it leaves out take TrueFoundry's defaults.</summary>
    public static RetryPolicy Policy(RetryConfigDocument r) =>
        new(r.Attempts, TimeSpan.FromMilliseconds(r.Delay ?? 100),
            r.OnStatusCodes is { } codes ? VirtualModelValidator.ParseStatusCodes(codes) : RetryPolicy.Default.OnStatusCodes);

    private static RoutingTarget Carried(RoutingTarget target, VirtualModelProvider? old)
    {
        if (old is null) return target;
        foreach (var previous in old.Targets)
        {
            if (previous.Route.FullName == target.Route.FullName) return target.Inherit(previous);
        }

        return target;
    }

    private static RequestOverrides Overrides(IReadOnlyDictionary<string, JsonNode?> o)
    {
        List<string>? stop = null;
        // stop (chat) and stop_sequences (Anthropic) name the same thing; either sets both APIs' field.
        if ((o.TryGetValue("stop", out var s) || o.TryGetValue("stop_sequences", out s)) && s is not null)
        {
            stop = s.GetValueKind() == JsonValueKind.String ? [s.GetValue<string>()] : [.. s.AsArray().Select(x => x?.ToString() ?? "")];
        }

        return new RequestOverrides(
            Temperature: o.TryGetValue("temperature", out var t) && t is not null ? (float)t.GetValue<decimal>() : null,
            TopP: o.TryGetValue("top_p", out var p) && p is not null ? (float)p.GetValue<decimal>() : null,
            MaxTokens: o.TryGetValue("max_tokens", out var m) && m is not null ? (int)m.GetValue<decimal>() : null,
            Stop: stop,
            Dimensions: o.TryGetValue("dimensions", out var d) && d is not null ? (int)d.GetValue<decimal>() : null,
            TopK: o.TryGetValue("top_k", out var k) && k is not null ? (int)k.GetValue<decimal>() : null);
    }
}
