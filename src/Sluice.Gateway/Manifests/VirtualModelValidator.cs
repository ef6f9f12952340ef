using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sluice.Core.Providers;
using Sluice.Core.Routing;

namespace Sluice.Gateway.Manifests;

/// <summary>
/// Checks a <c>provider-account/virtual-model</c> document, reporting every problem with its path. The targets'
/// existence and types are checked against the real models by <see cref="CheckTargets"/>.
/// </summary>
public static partial class VirtualModelValidator
{
    public const int MaxTargets = 64;

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9-]{1,62}[a-zA-Z0-9]$")]
    private static partial Regex GroupName();

    [GeneratedRegex(@"^[a-zA-Z](?:[a-zA-Z0-9\-._]{0,60}[a-zA-Z0-9])$")]
    private static partial Regex ModelName();

    public static void Validate(VirtualModelGroupDocument group, List<ValidationProblem> problems)
    {
        if (!GroupName().IsMatch(group.Name))
        {
            problems.Add(new ValidationProblem("name", group.Name.Length == 0
                ? "name is required"
                : $"\"{group.Name}\" is not a valid group name: 3-64 letters, digits or '-', starting with a letter"));
        }

        for (var i = 0; i < (group.Collaborators?.Count ?? 0); i++)
        {
            var c = group.Collaborators![i];
            if (!Sluice.Core.Access.Subject.TryParse(c.Subject, out _, out var error))
            {
                problems.Add(new ValidationProblem($"collaborators[{i}].subject", error));
            }

            if (c.RoleId is not (ManifestTypes.AccountManagerRole or ManifestTypes.AccountAccessRole))
            {
                problems.Add(new ValidationProblem($"collaborators[{i}].role_id", $"unknown role \"{c.RoleId}\"; expected provider-account-manager or provider-account-access"));
            }
        }

        var models = group.Integrations ?? [];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < models.Count; i++)
        {
            var path = $"integrations[{i}].";
            if (models[i].Name.Length > 0 && !seen.Add(models[i].Name))
            {
                problems.Add(new ValidationProblem(path + "name", $"virtual model \"{models[i].Name}\" is defined twice in this group"));
            }

            ValidateModel(models[i], path, problems);
        }
    }

    /// <summary>
    /// Each target must name a real model (<c>account/model</c>, not a virtual model) that serves every type of the
    /// virtual model. <paramref name="realModels"/> maps real model names to their <c>model_types</c>.
    /// </summary>
    public static void CheckTargets(VirtualModelGroupDocument group, IReadOnlyDictionary<string, IReadOnlyList<string>> realModels,
        ISet<string> virtualGroups, List<ValidationProblem> problems)
    {
        var models = group.Integrations ?? [];
        for (var i = 0; i < models.Count; i++)
        {
            var targets = models[i].RoutingConfig?.LoadBalanceTargets ?? [];
            for (var j = 0; j < targets.Count; j++)
            {
                var target = targets[j].Target;
                var path = $"integrations[{i}].routing_config.load_balance_targets[{j}].target";
                if (target.Length == 0 || !target.Contains('/'))
                {
                    continue; // reported by Validate
                }

                if (!realModels.TryGetValue(target, out var types))
                {
                    var slash = target.IndexOf('/', StringComparison.Ordinal);
                    var message = virtualGroups.Contains(target[..slash]) || target[..slash] == group.Name
                        ? $"\"{target}\" is a virtual model; a target must be a real model (account/model)"
                        : $"\"{target}\" is not a model of any provider account";
                    var nearest = DidYouMean.Nearest(target, realModels.Keys);
                    problems.Add(new ValidationProblem(path, nearest is null ? message : message + $"; did you mean \"{nearest}\"?", nearest));
                    continue;
                }

                foreach (var type in models[i].ModelTypes)
                {
                    if (!types.Contains(type))
                    {
                        problems.Add(new ValidationProblem(path, $"\"{target}\" does not serve {type} (its model_types are {string.Join(", ", types)}); every target must serve every type of the virtual model"));
                    }
                }
            }
        }
    }

    /// <summary>Checks a legacy <c>gateway-load-balancing-config</c>: every rule's id, <c>when</c> and routing.</summary>
    public static void ValidateRules(LoadBalancingConfigDocument config, List<ValidationProblem> problems)
    {
        if (config.Name.Length == 0)
        {
            problems.Add(new ValidationProblem("name", "name is required"));
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < config.Rules.Count; i++)
        {
            var rule = config.Rules[i];
            var path = $"rules[{i}].";
            if (rule.Id.Length == 0)
            {
                problems.Add(new ValidationProblem(path + "id", "id is required"));
            }
            else if (!ids.Add(rule.Id))
            {
                problems.Add(new ValidationProblem(path + "id", $"id \"{rule.Id}\" is used by an earlier rule"));
            }

            if (rule.When is not { } when || when.Models.Count == 0)
            {
                problems.Add(new ValidationProblem(path + "when.models", "when.models is required: the model names callers send that this rule routes"));
            }
            else
            {
                for (var j = 0; j < (when.Subjects?.Count ?? 0); j++)
                {
                    if (!Sluice.Core.Access.Subject.TryParse(when.Subjects![j], out _, out var error))
                    {
                        problems.Add(new ValidationProblem($"{path}when.subjects[{j}]", error));
                    }
                }
            }

            ValidateRouting(rule.AsRouting(), path, problems);
        }
    }

    /// <summary>Each rule's targets must be real models (<c>account/model</c>).</summary>
    public static void CheckRuleTargets(LoadBalancingConfigDocument config, IReadOnlyDictionary<string, IReadOnlyList<string>> realModels, List<ValidationProblem> problems)
    {
        for (var i = 0; i < config.Rules.Count; i++)
        {
            var targets = config.Rules[i].LoadBalanceTargets;
            for (var j = 0; j < targets.Count; j++)
            {
                var target = targets[j].Target;
                if (target.Contains('/') && !realModels.ContainsKey(target))
                {
                    var nearest = DidYouMean.Nearest(target, realModels.Keys);
                    problems.Add(new ValidationProblem($"rules[{i}].load_balance_targets[{j}].target",
                        $"\"{target}\" is not a model of any provider account" + (nearest is null ? "" : $"; did you mean \"{nearest}\"?"), nearest));
                }
            }
        }
    }

    private static void ValidateModel(VirtualModelDocument model, string path, List<ValidationProblem> problems)
    {
        if (!ModelName().IsMatch(model.Name))
        {
            problems.Add(new ValidationProblem(path + "name", model.Name.Length == 0
                ? "name is required"
                : $"\"{model.Name}\" is not a valid model name: start with a letter, then up to 61 letters, digits, '-', '.' or '_'"));
        }

        if (model.Type != ManifestTypes.VirtualModel)
        {
            problems.Add(new ValidationProblem(path + "type", $"unknown type \"{model.Type}\"; expected {ManifestTypes.VirtualModel}"));
        }

        if (model.ModelTypes.Count == 0)
        {
            problems.Add(new ValidationProblem(path + "model_types", "model_types is required: at least one of chat, embedding, image"));
        }

        for (var i = 0; i < model.ModelTypes.Count; i++)
        {
            if (model.ModelTypes[i] is not ("chat" or "embedding" or "image"))
            {
                problems.Add(new ValidationProblem($"{path}model_types[{i}]", $"Sluice serves chat, embedding and image models, not \"{model.ModelTypes[i]}\""));
            }
        }

        if (model.Slug is { } slug && (slug.Length == 0 || slug.Contains('/')))
        {
            problems.Add(new ValidationProblem(path + "slug", "a slug is a non-empty name without '/'"));
        }

        if (model.RoutingConfig is not { } routing)
        {
            problems.Add(new ValidationProblem(path + "routing_config", "routing_config is required: type and load_balance_targets"));
            return;
        }

        ValidateRouting(routing, path + "routing_config.", problems);
    }

    private static void ValidateRouting(RoutingConfigDocument routing, string path, List<ValidationProblem> problems)
    {
        var strategy = routing.Type;
        if (strategy is not (ManifestTypes.WeightRouting or ManifestTypes.PriorityRouting or ManifestTypes.LatencyRouting))
        {
            var nearest = DidYouMean.Nearest(strategy, [ManifestTypes.WeightRouting, ManifestTypes.PriorityRouting, ManifestTypes.LatencyRouting]);
            problems.Add(new ValidationProblem(path + "type", (strategy.Length == 0 ? "type is required" : $"unknown routing type \"{strategy}\"") +
                (nearest is null ? "; expected weight-based-routing, priority-based-routing or latency-based-routing" : $"; did you mean \"{nearest}\"?"), nearest));
        }

        var targets = routing.LoadBalanceTargets;
        if (targets.Count == 0)
        {
            problems.Add(new ValidationProblem(path + "load_balance_targets", "load_balance_targets needs at least one target"));
        }
        else if (targets.Count > MaxTargets)
        {
            problems.Add(new ValidationProblem(path + "load_balance_targets", $"at most {MaxTargets} targets"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var totalWeight = 0;
        for (var i = 0; i < targets.Count; i++)
        {
            var t = targets[i];
            var p = $"{path}load_balance_targets[{i}].";
            if (t.Target.Length == 0)
            {
                problems.Add(new ValidationProblem(p + "target", "target is required: a real model, account/model"));
            }
            else if (t.Target.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
            {
                problems.Add(new ValidationProblem(p + "target", $"\"{t.Target}\" is not account/model"));
            }
            else if (!seen.Add(t.Target))
            {
                problems.Add(new ValidationProblem(p + "target", $"\"{t.Target}\" is listed twice"));
            }

            if (strategy == ManifestTypes.WeightRouting)
            {
                if (t.Weight is null)
                {
                    problems.Add(new ValidationProblem(p + "weight", "weight is required for weight-based-routing (0-100)"));
                }
                else if (t.Weight is < 0 or > 100)
                {
                    problems.Add(new ValidationProblem(p + "weight", "weight must be between 0 and 100"));
                }
                else
                {
                    totalWeight += t.Weight.Value;
                }
            }

            if (t.Priority is < 0)
            {
                problems.Add(new ValidationProblem(p + "priority", "priority must be 0 or more (0 is the highest)"));
            }

            if (t.RetryConfig is { } retry) CheckRetry(retry, p + "retry_config.", problems);

            CheckStatusCodes(t.FallbackStatusCodes, p + "fallback_status_codes", problems);
            if (t.SlaCutoff is { } sla)
            {
                if (sla.TimePerOutputTokenMs is <= 0) problems.Add(new ValidationProblem(p + "sla_cutoff.time_per_output_token_ms", "must be more than 0"));
                if (sla.TimeToFirstTokenMs is <= 0) problems.Add(new ValidationProblem(p + "sla_cutoff.time_to_first_token_ms", "must be more than 0"));
            }

            if (t.HeadersOverride is { } headers) CheckHeaders(headers, p + "headers_override.", problems);

            foreach (var (key, value) in t.OverrideParams ?? new Dictionary<string, JsonNode?>())
            {
                CheckOverride(key, value, p + "override_params." + key, problems);
            }
        }

        if (strategy == ManifestTypes.WeightRouting && targets.Count > 0 && totalWeight == 0 && !problems.Exists(x => x.Path.EndsWith(".weight", StringComparison.Ordinal)))
        {
            problems.Add(new ValidationProblem(path + "load_balance_targets", "the weights add up to 0; give at least one target a weight"));
        }

        if (routing.StickyRouting is { } sticky)
        {
            if (strategy != ManifestTypes.WeightRouting)
            {
                problems.Add(new ValidationProblem(path + "sticky_routing", "sticky_routing applies to weight-based-routing only"));
            }

            if (sticky.TtlSeconds <= 0)
            {
                problems.Add(new ValidationProblem(path + "sticky_routing.ttl_seconds", "ttl_seconds is required and must be more than 0"));
            }

            if (sticky.SessionIdentifiers.Count == 0)
            {
                problems.Add(new ValidationProblem(path + "sticky_routing.session_identifiers", "session_identifiers needs at least one {source, key}"));
            }

            for (var i = 0; i < sticky.SessionIdentifiers.Count; i++)
            {
                var id = sticky.SessionIdentifiers[i];
                var p = $"{path}sticky_routing.session_identifiers[{i}].";
                if (id.Source is not ("headers" or "metadata")) problems.Add(new ValidationProblem(p + "source", $"unknown source \"{id.Source}\"; expected headers or metadata"));
                if (id.Key.Length == 0) problems.Add(new ValidationProblem(p + "key", "key is required"));
            }
        }
    }

    /// <summary>The codes as numbers; call only after validation.</summary>
    public static int[] ParseStatusCodes(IReadOnlyList<string> codes)
    {
        var result = new int[codes.Count];
        for (var i = 0; i < codes.Count; i++)
        {
            result[i] = int.Parse(codes[i], NumberStyles.None, CultureInfo.InvariantCulture);
        }

        return result;
    }

    private static void CheckStatusCodes(IReadOnlyList<string>? codes, string path, List<ValidationProblem> problems)
    {
        for (var i = 0; i < (codes?.Count ?? 0); i++)
        {
            if (!int.TryParse(codes![i], NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code is < 100 or > 599)
            {
                problems.Add(new ValidationProblem($"{path}[{i}]", $"\"{codes[i]}\" is not an HTTP status code"));
            }
        }
    }

    /// <summary>A retry object's ranges; <paramref name="path"/> ends with its key and a dot.</summary>
    public static void CheckRetry(RetryConfigDocument retry, string path, List<ValidationProblem> problems)
    {
        if (retry.Attempts is < 0 or > 10) problems.Add(new ValidationProblem(path + "attempts", "attempts must be between 0 and 10"));
        if (retry.Delay is < 0 or > 60_000) problems.Add(new ValidationProblem(path + "delay", "delay must be between 0 and 60000 ms"));
        CheckStatusCodes(retry.OnStatusCodes, path + "on_status_codes", problems);
    }

    private static void CheckHeaders(HeadersOverrideDocument headers, string path, List<ValidationProblem> problems)
    {
        foreach (var (name, value) in headers.Set ?? new Dictionary<string, string>())
        {
            if (UpstreamHeaders.Refusal(name) is { } why) problems.Add(new ValidationProblem(path + "set." + name, why));
            else if (UpstreamHeaders.ValueRefusal(value) is { } bad) problems.Add(new ValidationProblem(path + "set." + name, bad));
        }

        var remove = headers.Remove ?? [];
        for (var i = 0; i < remove.Count; i++)
        {
            if (UpstreamHeaders.Refusal(remove[i]) is { } why) problems.Add(new ValidationProblem($"{path}remove[{i}]", why));
        }
    }

    private static void CheckOverride(string key, JsonNode? value, string path, List<ValidationProblem> problems)
    {
        var kind = value?.GetValueKind();
        var ok = key switch
        {
            "temperature" or "top_p" => kind == JsonValueKind.Number,
            "max_tokens" or "dimensions" or "top_k" => kind == JsonValueKind.Number && value!.GetValue<decimal>() is var d && d == decimal.Truncate(d) && d > 0,
            "stop" or "stop_sequences" => kind == JsonValueKind.Array || kind == JsonValueKind.String,
            _ => (bool?)null,
        };
        if (ok is null)
        {
            problems.Add(new ValidationProblem(path, $"Sluice cannot force \"{key}\" on the upstream call; override_params may set {string.Join(", ", RequestOverrides.Keys)}"));
        }
        else if (ok == false)
        {
            problems.Add(new ValidationProblem(path, key is "max_tokens" or "dimensions" or "top_k" ? $"{key} must be a whole number above 0"
                : key is "stop" or "stop_sequences" ? $"{key} must be a string or a list of strings" : $"{key} must be a number"));
        }
    }
}
