using System.Text.Json;

namespace Sluice.Gateway.Manifests;

/// <summary>Writes the body of a <c>provider-account/virtual-model</c> document; absent optional keys stay absent.</summary>
public static class VirtualModelWriter
{
    public static void WriteBody(Utf8JsonWriter w, VirtualModelGroupDocument group)
    {
        w.WriteStartArray("collaborators");
        foreach (var c in group.Collaborators ?? [])
        {
            w.WriteStartObject();
            w.WriteString("subject", c.Subject);
            w.WriteString("role_id", c.RoleId);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("integrations");
        foreach (var m in group.Integrations ?? [])
        {
            w.WriteStartObject();
            w.WriteString("name", m.Name);
            w.WriteString("type", m.Type);
            Strings(w, "model_types", m.ModelTypes);
            if (m.Slug is not null) w.WriteString("slug", m.Slug);
            if (m.RoutingConfig is { } r)
            {
                w.WriteStartObject("routing_config");
                w.WriteString("type", r.Type);
                WriteTargetsAndSticky(w, r.LoadBalanceTargets, r.StickyRouting);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>A retry object (a target's <c>retry_config</c>, the tenant's <c>retry_settings</c>).</summary>
    public static void WriteRetry(Utf8JsonWriter w, string key, RetryConfigDocument retry)
    {
        w.WriteStartObject(key);
        w.WriteNumber("attempts", retry.Attempts);
        if (retry.Delay is { } delay) w.WriteNumber("delay", delay);
        if (retry.OnStatusCodes is { } codes) Strings(w, "on_status_codes", codes);
        w.WriteEndObject();
    }

    public static void WriteRules(Utf8JsonWriter w, LoadBalancingConfigDocument config)
    {
        w.WriteStartArray("rules");
        foreach (var rule in config.Rules)
        {
            w.WriteStartObject();
            w.WriteString("id", rule.Id);
            w.WriteString("type", rule.Type);
            if (rule.When is { } when)
            {
                w.WriteStartObject("when");
                Strings(w, "models", when.Models);
                if (when.Subjects is { } subjects) Strings(w, "subjects", subjects);
                if (when.Metadata is { } metadata) Map(w, "metadata", metadata);
                w.WriteEndObject();
            }

            WriteTargetsAndSticky(w, rule.LoadBalanceTargets, rule.StickyRouting);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteTargetsAndSticky(Utf8JsonWriter w, IReadOnlyList<LoadBalanceTargetDocument> targets, StickyRoutingDocument? sticky)
    {
        w.WriteStartArray("load_balance_targets");
        foreach (var t in targets)
        {
            WriteTarget(w, t);
        }

        w.WriteEndArray();
        if (sticky is { } s)
        {
            w.WriteStartObject("sticky_routing");
            w.WriteNumber("ttl_seconds", s.TtlSeconds);
            w.WriteStartArray("session_identifiers");
            foreach (var id in s.SessionIdentifiers)
            {
                w.WriteStartObject();
                w.WriteString("source", id.Source);
                w.WriteString("key", id.Key);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }
    }

    private static void WriteTarget(Utf8JsonWriter w, LoadBalanceTargetDocument t)
    {
        w.WriteStartObject();
        w.WriteString("target", t.Target);
        if (t.Weight is { } weight) w.WriteNumber("weight", weight);
        if (t.Priority is { } priority) w.WriteNumber("priority", priority);
        if (t.SlaCutoff is { } sla)
        {
            w.WriteStartObject("sla_cutoff");
            if (sla.TimePerOutputTokenMs is { } tpot) w.WriteNumber("time_per_output_token_ms", tpot);
            if (sla.TimeToFirstTokenMs is { } ttft) w.WriteNumber("time_to_first_token_ms", ttft);
            w.WriteEndObject();
        }

        if (t.RetryConfig is { } retry) WriteRetry(w, "retry_config", retry);

        if (t.FallbackStatusCodes is { } fallback) Strings(w, "fallback_status_codes", fallback);
        if (t.FallbackCandidate is { } candidate) w.WriteBoolean("fallback_candidate", candidate);
        if (t.OverrideParams is { } overrides)
        {
            w.WriteStartObject("override_params");
            foreach (var (key, value) in overrides)
            {
                w.WritePropertyName(key);
                if (value is null) w.WriteNullValue();
                else value.WriteTo(w);
            }

            w.WriteEndObject();
        }

        if (t.HeadersOverride is { } headers)
        {
            w.WriteStartObject("headers_override");
            if (headers.Set is { } set) Map(w, "set", set);
            if (headers.Remove is { } remove) Strings(w, "remove", remove);
            w.WriteEndObject();
        }

        if (t.MetadataMatch is { } match) Map(w, "metadata_match", match);
        w.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    private static void Map(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string> map)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in map) w.WriteString(key, value);
        w.WriteEndObject();
    }
}
