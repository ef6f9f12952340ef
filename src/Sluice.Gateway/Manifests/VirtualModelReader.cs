using System.Text.Json;
using System.Text.Json.Nodes;
using static Sluice.Gateway.Manifests.ManifestReader;

namespace Sluice.Gateway.Manifests;

/// <summary>Reads a <c>provider-account/virtual-model</c> document; shape problems are collected with their paths.</summary>
public static class VirtualModelReader
{
    public static VirtualModelGroupDocument GroupFrom(JsonObject obj, string name, List<ValidationProblem> problems)
    {
        List<VirtualModelDocument>? models = null;
        if (Array(obj, "integrations", "", problems) is { } array)
        {
            models = [];
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is not JsonObject m)
                {
                    problems.Add(new ValidationProblem($"integrations[{i}]", "a virtual model must be an object"));
                    continue;
                }

                models.Add(ModelFrom(m, $"integrations[{i}].", problems));
            }
        }

        return new VirtualModelGroupDocument(name) { Collaborators = ReadCollaborators(obj, problems), Integrations = models };
    }

    public static LoadBalancingConfigDocument RulesFrom(JsonObject obj, string name, List<ValidationProblem> problems)
    {
        var rules = new List<LoadBalancingRuleDocument>();
        if (Array(obj, "rules", "", problems) is { } array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                var path = $"rules[{i}].";
                if (array[i] is not JsonObject r)
                {
                    problems.Add(new ValidationProblem($"rules[{i}]", "a rule must be an object with id, type, when and load_balance_targets"));
                    continue;
                }

                RuleWhenDocument? when = null;
                if (Object(r, "when", path, problems) is { } w)
                {
                    when = new RuleWhenDocument(Strings(w, "models", path + "when.", problems) ?? [], Strings(w, "subjects", path + "when.", problems),
                        StringMap(w, "metadata", path + "when.", problems));
                }

                var routing = RoutingFrom(r, path, problems);
                rules.Add(new LoadBalancingRuleDocument(String(r, "id", path, problems) ?? "")
                {
                    Type = routing.Type,
                    When = when,
                    LoadBalanceTargets = routing.LoadBalanceTargets,
                    StickyRouting = routing.StickyRouting,
                });
            }
        }

        return new LoadBalancingConfigDocument(name) { Rules = rules };
    }

    private static VirtualModelDocument ModelFrom(JsonObject m, string path, List<ValidationProblem> problems)
    {
        RoutingConfigDocument? routing = null;
        if (m["routing_config"] is JsonObject r)
        {
            routing = RoutingFrom(r, path + "routing_config.", problems);
        }
        else if (m["routing_config"] is not null)
        {
            problems.Add(new ValidationProblem(path + "routing_config", "routing_config must be an object"));
        }

        return new VirtualModelDocument(String(m, "name", path, problems) ?? "")
        {
            Type = String(m, "type", path, problems) ?? ManifestTypes.VirtualModel,
            ModelTypes = Strings(m, "model_types", path, problems) ?? [],
            Slug = String(m, "slug", path, problems),
            RoutingConfig = routing,
        };
    }

    private static RoutingConfigDocument RoutingFrom(JsonObject r, string path, List<ValidationProblem> problems)
    {
        var targets = new List<LoadBalanceTargetDocument>();
        if (Array(r, "load_balance_targets", path, problems) is { } array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                var p = $"{path}load_balance_targets[{i}]";
                if (array[i] is JsonObject t)
                {
                    targets.Add(TargetFrom(t, p + ".", problems));
                }
                else
                {
                    problems.Add(new ValidationProblem(p, "a target must be an object with at least 'target'"));
                }
            }
        }

        StickyRoutingDocument? sticky = null;
        if (Object(r, "sticky_routing", path, problems) is { } s)
        {
            var ids = new List<SessionIdentifierDocument>();
            if (Array(s, "session_identifiers", path + "sticky_routing.", problems) is { } idArray)
            {
                for (var i = 0; i < idArray.Count; i++)
                {
                    var p = $"{path}sticky_routing.session_identifiers[{i}]";
                    if (idArray[i] is JsonObject id)
                    {
                        ids.Add(new SessionIdentifierDocument(String(id, "source", p + ".", problems) ?? "", String(id, "key", p + ".", problems) ?? ""));
                    }
                    else
                    {
                        problems.Add(new ValidationProblem(p, "a session identifier must be an object with source and key"));
                    }
                }
            }

            sticky = new StickyRoutingDocument(Int(s, "ttl_seconds", path + "sticky_routing.", problems) ?? 0, ids);
        }

        return new RoutingConfigDocument(String(r, "type", path, problems) ?? "") { LoadBalanceTargets = targets, StickyRouting = sticky };
    }

    /// <summary>A retry object (a target's <c>retry_config</c>, the tenant's <c>retry_settings</c>); null when absent.</summary>
    internal static RetryConfigDocument? RetryFrom(JsonObject parent, string key, string path, List<ValidationProblem> problems)
    {
        if (Object(parent, key, path, problems) is not { } rc) return null;
        var p = path + key + ".";
        var attempts = Int(rc, "attempts", p, problems);
        if (attempts is null && rc["attempts"] is null)
        {
            problems.Add(new ValidationProblem(p + "attempts", $"attempts is required inside {key}"));
        }

        return new RetryConfigDocument(attempts ?? 0) { Delay = Int(rc, "delay", p, problems), OnStatusCodes = StatusCodes(rc, "on_status_codes", p, problems) };
    }

    private static LoadBalanceTargetDocument TargetFrom(JsonObject t, string path, List<ValidationProblem> problems)
    {
        var retry = RetryFrom(t, "retry_config", path, problems);

        SlaCutoffDocument? sla = null;
        if (Object(t, "sla_cutoff", path, problems) is { } sc)
        {
            sla = new SlaCutoffDocument(Int(sc, "time_per_output_token_ms", path + "sla_cutoff.", problems), Int(sc, "time_to_first_token_ms", path + "sla_cutoff.", problems));
        }

        HeadersOverrideDocument? headers = null;
        if (Object(t, "headers_override", path, problems) is { } ho)
        {
            headers = new HeadersOverrideDocument(StringMap(ho, "set", path + "headers_override.", problems), Strings(ho, "remove", path + "headers_override.", problems));
        }

        Dictionary<string, JsonNode?>? overrides = null;
        if (Object(t, "override_params", path, problems) is { } op)
        {
            overrides = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            foreach (var (key, value) in op)
            {
                overrides[key] = value?.DeepClone();
            }
        }

        return new LoadBalanceTargetDocument(String(t, "target", path, problems) ?? "")
        {
            Weight = Int(t, "weight", path, problems),
            Priority = Int(t, "priority", path, problems),
            SlaCutoff = sla,
            RetryConfig = retry,
            FallbackStatusCodes = StatusCodes(t, "fallback_status_codes", path, problems),
            FallbackCandidate = Bool(t, "fallback_candidate", path, problems),
            OverrideParams = overrides,
            HeadersOverride = headers,
            MetadataMatch = StringMap(t, "metadata_match", path, problems),
        };
    }

    private static JsonObject? Object(JsonObject obj, string field, string path, List<ValidationProblem> problems)
    {
        var node = obj[field];
        if (node is null or JsonObject) return (JsonObject?)node;
        problems.Add(new ValidationProblem(path + field, $"{field} must be an object"));
        return null;
    }

    private static int? Int(JsonObject obj, string field, string path, List<ValidationProblem> problems)
    {
        var before = problems.Count;
        var number = Number(obj, field, path, problems);
        if (number is null) return null;
        if (number == decimal.Truncate(number.Value) && number is >= int.MinValue and <= int.MaxValue) return (int)number.Value;
        if (problems.Count == before) problems.Add(new ValidationProblem(path + field, $"{field} must be a whole number"));
        return null;
    }

    // TrueFoundry writes status codes as strings ("429"); an unquoted YAML 429 is read the same.
    private static List<string>? StatusCodes(JsonObject obj, string field, string path, List<ValidationProblem> problems)
    {
        if (Array(obj, field, path, problems) is not { } array) return null;
        var result = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonValue v && (v.TryGetValue<string>(out var s) || (v.GetValueKind() == JsonValueKind.Number && (s = v.ToJsonString()) is not null)))
            {
                result.Add(s);
            }
            else
            {
                problems.Add(new ValidationProblem($"{path}{field}[{i}]", "must be an HTTP status code such as \"429\""));
            }
        }

        return result;
    }

    internal static Dictionary<string, string>? StringMap(JsonObject obj, string field, string path, List<ValidationProblem> problems)
    {
        if (Object(obj, field, path, problems) is not { } map) return null;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, _) in map)
        {
            if (String(map, key, path + field + ".", problems) is { } value) result[key] = value;
        }

        return result;
    }
}
