using System.Text.Json;
using System.Text.Json.Nodes;
using static Sluice.Gateway.Manifests.ManifestReader;

namespace Sluice.Gateway.Manifests;

/// <summary>Reads rate-limit and budget documents (V1 and V2); shape problems are collected with their paths.</summary>
public static class LimitReader
{
    public static RateLimitingConfigDocument RateLimitsFrom(JsonObject obj, string name, List<ValidationProblem> problems)
    {
        var rules = new List<RateLimitRuleDocument>();
        foreach (var (r, path) in Objects(obj, "rules", "", "a rule must be an object with id, when, limit_to and unit", problems))
        {
            rules.Add(new RateLimitRuleDocument(String(r, "id", path, problems) ?? "")
            {
                When = When(r, path, problems),
                LimitTo = Number(r, "limit_to", path, problems) ?? 0,
                Unit = String(r, "unit", path, problems) ?? "",
                RateLimitAppliesPer = Strings(r, "rate_limit_applies_per", path, problems),
            });
        }

        return new RateLimitingConfigDocument(name) { Rules = rules };
    }

    public static BudgetConfigDocument BudgetsFrom(JsonObject obj, string name, List<ValidationProblem> problems)
    {
        var rules = new List<BudgetRuleDocument>();
        foreach (var (r, path) in Objects(obj, "rules", "", "a rule must be an object with id, when, limit_to and unit", problems))
        {
            rules.Add(new BudgetRuleDocument(String(r, "id", path, problems) ?? "")
            {
                When = When(r, path, problems),
                LimitTo = Number(r, "limit_to", path, problems) ?? 0,
                Unit = String(r, "unit", path, problems) ?? "",
                BudgetAppliesPer = Strings(r, "budget_applies_per", path, problems),
                Alerts = Alerts(r, path, problems),
                AuditMode = Bool(r, "audit_mode", path, problems) ?? false,
            });
        }

        return new BudgetConfigDocument(name) { Rules = rules };
    }

    public static RateLimitDocument RateLimitFrom(JsonObject obj, string name, List<ValidationProblem> problems) => new(name)
    {
        Mode = String(obj, "mode", "", problems) ?? "enforce",
        LogRequestBodyOnBlock = Bool(obj, "log_request_body_on_block", "", problems),
        When = Filter(obj, "", problems),
        Limits = Limits(obj, "", problems),
        AppliesTo = AppliesTo(obj, "", problems),
    };

    public static BudgetDocument BudgetFrom(JsonObject obj, string name, string type, List<ValidationProblem> problems) => new(name, type)
    {
        TeamName = String(obj, "team_name", "", problems),
        Mode = String(obj, "mode", "", problems) ?? "enforce",
        When = Filter(obj, "", problems),
        Limits = Limits(obj, "", problems),
        AppliesTo = AppliesTo(obj, "", problems),
        Alerts = Alerts(obj, "", problems),
    };

    private static ClassicWhenDocument? When(JsonObject r, string path, List<ValidationProblem> problems)
    {
        if (Object(r, "when", path, problems) is not { } w) return null;
        var p = path + "when.";
        return new ClassicWhenDocument { Subjects = Strings(w, "subjects", p, problems), Models = Strings(w, "models", p, problems), Metadata = StringMap(w, "metadata", p, problems) };
    }

    private static BudgetAlertsDocument? Alerts(JsonObject obj, string path, List<ValidationProblem> problems)
    {
        if (Object(obj, "alerts", path, problems) is not { } a) return null;
        var p = path + "alerts.";
        List<decimal>? thresholds = null;
        if (Array(a, "thresholds", p, problems) is { } array)
        {
            thresholds = [];
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<decimal>(out var d)) thresholds.Add(d);
                else problems.Add(new ValidationProblem($"{p}thresholds[{i}]", "a threshold must be a number (a percentage of the limit, e.g. 80)"));
            }
        }

        var targets = new List<NotificationTargetDocument>();
        foreach (var (t, tp) in Objects(a, "notification_target", p, "a notification target must be an object with 'type'", problems))
        {
            targets.Add(new NotificationTargetDocument(String(t, "type", tp, problems) ?? "")
            {
                Url = String(t, "url", tp, problems),
                NotificationChannel = String(t, "notification_channel", tp, problems),
                ToEmails = Strings(t, "to_emails", tp, problems),
                Channels = Strings(t, "channels", tp, problems),
            });
        }

        return new BudgetAlertsDocument { Thresholds = thresholds, NotificationTarget = a["notification_target"] is null ? null : targets, SendTo = String(a, "send_to", p, problems) };
    }

    private static LimitFilterDocument? Filter(JsonObject obj, string path, List<ValidationProblem> problems)
    {
        if (Object(obj, "when", path, problems) is not { } w) return null;
        var p = path + "when.";
        SubjectFilterDocument? subjects = null;
        if (Object(w, "subjects", p, problems) is { } s)
        {
            subjects = new SubjectFilterDocument
            {
                Users = InNotIn(s, "users", p + "subjects.", problems),
                Teams = InNotIn(s, "teams", p + "subjects.", problems),
                VirtualAccounts = InNotIn(s, "virtual_accounts", p + "subjects.", problems),
            };
        }

        Dictionary<string, InNotInDocument>? metadata = null;
        if (Object(w, "metadata", p, problems) is { } m)
        {
            metadata = new Dictionary<string, InNotInDocument>(StringComparer.Ordinal);
            foreach (var (key, _) in m)
            {
                if (InNotIn(m, key, p + "metadata.", problems) is { } f) metadata[key] = f;
            }
        }

        return new LimitFilterDocument
        {
            Subjects = subjects,
            Models = InNotIn(w, "models", p, problems),
            Metadata = metadata,
            ProviderAccounts = InNotIn(w, "provider_accounts", p, problems),
        };
    }

    private static InNotInDocument? InNotIn(JsonObject obj, string field, string path, List<ValidationProblem> problems)
    {
        if (Object(obj, field, path, problems) is not { } f) return null;
        var p = path + field + ".";
        foreach (var (key, _) in f)
        {
            if (key is not ("in" or "not_in")) problems.Add(new ValidationProblem(p + key, $"unknown key \"{key}\"; expected in, not_in"));
        }

        return new InNotInDocument { In = Strings(f, "in", p, problems), NotIn = Strings(f, "not_in", p, problems) };
    }

    private static AppliesToDocument? AppliesTo(JsonObject obj, string path, List<ValidationProblem> problems)
    {
        if (Object(obj, "applies_to", path, problems) is not { } a) return null;
        var p = path + "applies_to.";
        var overrides = new List<LimitOverrideDocument>();
        foreach (var (o, op) in Objects(a, "overrides", p, "an override must be an object with the entities and their limits", problems))
        {
            overrides.Add(new LimitOverrideDocument
            {
                Users = Strings(o, "users", op, problems),
                Models = Strings(o, "models", op, problems),
                VirtualAccounts = Strings(o, "virtual_accounts", op, problems),
                MetadataValues = Strings(o, "metadata_values", op, problems),
                Limits = Limits(o, op, problems),
            });
        }

        return new AppliesToDocument
        {
            Type = String(a, "type", p, problems) ?? "aggregate",
            Metadata = String(a, "metadata", p, problems),
            Overrides = a["overrides"] is null ? null : overrides,
        };
    }

    private static Dictionary<string, decimal> Limits(JsonObject obj, string path, List<ValidationProblem> problems)
    {
        var limits = new Dictionary<string, decimal>(StringComparer.Ordinal);
        if (Object(obj, "limits", path, problems) is not { } l) return limits;
        foreach (var (key, _) in l)
        {
            if (Number(l, key, path + "limits.", problems) is { } d) limits[key] = d;
        }

        return limits;
    }

    private static IEnumerable<(JsonObject Item, string Path)> Objects(JsonObject obj, string field, string path, string what, List<ValidationProblem> problems)
    {
        if (Array(obj, field, path, problems) is not { } array) yield break;
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonObject o) yield return (o, $"{path}{field}[{i}].");
            else problems.Add(new ValidationProblem($"{path}{field}[{i}]", what));
        }
    }

    private static JsonObject? Object(JsonObject obj, string field, string path, List<ValidationProblem> problems)
    {
        var node = obj[field];
        if (node is null or JsonObject) return node as JsonObject;
        problems.Add(new ValidationProblem(path + field, $"{field} must be an object"));
        return null;
    }

    private static Dictionary<string, string>? StringMap(JsonObject obj, string field, string path, List<ValidationProblem> problems)
    {
        if (Object(obj, field, path, problems) is not { } m) return null;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, _) in m)
        {
            if (String(m, key, path + field + ".", problems) is { } v) map[key] = v;
        }

        return map;
    }
}
