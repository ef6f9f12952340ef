using Sluice.Core.Access;
using Sluice.Limits.Rules;

namespace Sluice.Gateway.Manifests;

/// <summary>Checks rate-limit and budget documents, reporting every problem with its path.</summary>
public static class LimitValidator
{
    private static readonly string[] RateUnits = ["requests_per_minute", "requests_per_hour", "requests_per_day", "tokens_per_minute", "tokens_per_hour", "tokens_per_day"];
    private static readonly string[] BudgetUnits = ["cost_per_day", "cost_per_week", "cost_per_month", "cost_per_quarter", "tokens_per_day", "tokens_per_month"];
    private static readonly string[] CostUnits = ["cost_per_day", "cost_per_week", "cost_per_month", "cost_per_quarter"];
    private static readonly string[] Modes = ["enforce", "audit"];
    private static readonly string[] AppliesToTypes = ["aggregate", "per-user", "per-model", "per-virtual-account", "metadata"];
    private static readonly string[] TargetTypes = ["webhook", "slack-webhook", "email", "slack-bot", "pagerduty", "ms-teams-webhook"];

    public static void Validate(RateLimitingConfigDocument config, List<ValidationProblem> problems)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < config.Rules.Count; i++)
        {
            var r = config.Rules[i];
            var p = $"rules[{i}].";
            Id(r.Id, p, ids, problems);
            When(r.When, p, problems);
            Unit(r.Unit, RateUnits, p + "unit", problems);
            Amount(r.LimitTo, r.Unit, p + "limit_to", problems);
            AppliesPer(r.RateLimitAppliesPer, 2, p + "rate_limit_applies_per", problems);
        }
    }

    public static void Validate(BudgetConfigDocument config, List<ValidationProblem> problems)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < config.Rules.Count; i++)
        {
            var r = config.Rules[i];
            var p = $"rules[{i}].";
            Id(r.Id, p, ids, problems);
            When(r.When, p, problems);
            Unit(r.Unit, BudgetUnits, p + "unit", problems);
            Amount(r.LimitTo, r.Unit, p + "limit_to", problems);
            AppliesPer(r.BudgetAppliesPer, 1, p + "budget_applies_per", problems);
            Alerts(r.Alerts, p + "alerts.", problems);
        }
    }

    public static void Validate(RateLimitDocument limit, List<ValidationProblem> problems)
    {
        OneOf(limit.Mode, Modes, "mode", problems);
        Limits(limit.Limits, RateUnits, "limits", problems);
        AppliesTo(limit.AppliesTo, RateUnits, problems);
    }

    public static void Validate(BudgetDocument budget, List<ValidationProblem> problems)
    {
        OneOf(budget.Mode, Modes, "mode", problems);
        if (budget.IsTeamBudget && string.IsNullOrEmpty(budget.TeamName))
        {
            problems.Add(new ValidationProblem("team_name", "a team-budget-config needs team_name: the team it covers"));
        }

        if (budget.IsTeamBudget && budget.When?.Subjects?.Teams is not null)
        {
            problems.Add(new ValidationProblem("when.subjects.teams", "a team budget covers its own team; when.subjects.teams is only allowed in a tenant-budget-config"));
        }

        if (!budget.IsTeamBudget && budget.TeamName is not null)
        {
            problems.Add(new ValidationProblem("team_name", "team_name belongs to a team-budget-config; a tenant-budget-config covers the whole tenant"));
        }

        Limits(budget.Limits, CostUnits, "limits", problems);
        AppliesTo(budget.AppliesTo, CostUnits, problems);
        Alerts(budget.Alerts, "alerts.", problems);
    }

    private static void Id(string id, string path, HashSet<string> ids, List<ValidationProblem> problems)
    {
        if (id.Length == 0) problems.Add(new ValidationProblem(path + "id", "'id' is required: it names the rule in errors and alerts"));
        else if (!ids.Add(id)) problems.Add(new ValidationProblem(path + "id", $"the id \"{id}\" is used by an earlier rule; ids must be unique"));
    }

    private static void When(ClassicWhenDocument? when, string path, List<ValidationProblem> problems)
    {
        if (when is null)
        {
            problems.Add(new ValidationProblem(path + "when", "'when' is required; write when: {} to match every call"));
            return;
        }

        for (var i = 0; i < (when.Subjects?.Count ?? 0); i++)
        {
            var s = when.Subjects![i].Replace("virtual-account:", Subject.VirtualAccountPrefix, StringComparison.Ordinal);
            if (!Subject.TryParse(s, out _, out var error))
            {
                problems.Add(new ValidationProblem($"{path}when.subjects[{i}]", error));
            }
        }
    }

    private static void Unit(string unit, string[] allowed, string path, List<ValidationProblem> problems)
    {
        if (Array.IndexOf(allowed, unit) >= 0) return;
        var nearest = DidYouMean.Nearest(unit, allowed);
        problems.Add(new ValidationProblem(path, unit.Length == 0 ? $"'unit' is required; one of {string.Join(", ", allowed)}"
            : $"unknown unit \"{unit}\"" + (nearest is null ? $"; expected one of {string.Join(", ", allowed)}" : $"; did you mean \"{nearest}\"?"), nearest));
    }

    private static void Amount(decimal amount, string unit, string path, List<ValidationProblem> problems)
    {
        if (amount < 0) problems.Add(new ValidationProblem(path, "a limit cannot be negative"));
        else if (!unit.StartsWith("cost_", StringComparison.Ordinal) && amount != decimal.Truncate(amount))
        {
            problems.Add(new ValidationProblem(path, $"{unit} counts whole requests or tokens; write a whole number"));
        }
    }

    private static void AppliesPer(IReadOnlyList<string>? per, int max, string path, List<ValidationProblem> problems)
    {
        if (per is null) return;
        if (per.Count > max) problems.Add(new ValidationProblem(path, $"at most {max} value{(max == 1 ? "" : "s")}"));
        for (var i = 0; i < per.Count; i++)
        {
            if (LimitDimension.Parse(per[i]) is null)
            {
                problems.Add(new ValidationProblem($"{path}[{i}]", $"unknown \"{per[i]}\"; expected user, virtualaccount, model or metadata.KEY"));
            }
        }
    }

    private static void OneOf(string value, string[] allowed, string path, List<ValidationProblem> problems)
    {
        if (Array.IndexOf(allowed, value) < 0) problems.Add(new ValidationProblem(path, $"\"{value}\" is not one of {string.Join(", ", allowed)}"));
    }

    private static void Limits(IReadOnlyDictionary<string, decimal> limits, string[] allowed, string path, List<ValidationProblem> problems)
    {
        if (limits.Count == 0) problems.Add(new ValidationProblem(path, $"at least one limit is required ({string.Join(", ", allowed)})"));
        foreach (var (unit, amount) in limits)
        {
            Unit(unit, allowed, $"{path}.{unit}", problems);
            Amount(amount, unit, $"{path}.{unit}", problems);
        }
    }

    private static void AppliesTo(AppliesToDocument? appliesTo, string[] units, List<ValidationProblem> problems)
    {
        if (appliesTo is null) return;
        OneOf(appliesTo.Type, AppliesToTypes, "applies_to.type", problems);
        if (appliesTo.Type == "metadata" && string.IsNullOrEmpty(appliesTo.Metadata))
        {
            problems.Add(new ValidationProblem("applies_to.metadata", "applies_to.type metadata needs applies_to.metadata: the key whose values get a bucket each"));
        }

        var list = appliesTo.Type switch
        {
            "per-user" => "users",
            "per-model" => "models",
            "per-virtual-account" => "virtual_accounts",
            "metadata" => "metadata_values",
            _ => null,
        };
        for (var i = 0; i < (appliesTo.Overrides?.Count ?? 0); i++)
        {
            var o = appliesTo.Overrides![i];
            var p = $"applies_to.overrides[{i}].";
            if (list is null) problems.Add(new ValidationProblem(p.TrimEnd('.'), "an aggregate limit has one bucket; overrides need a per-entity applies_to.type"));
            else if (EntitiesOf(o, appliesTo.Type) is null)
            {
                problems.Add(new ValidationProblem(p + list, $"an override of a {appliesTo.Type} limit lists its entities under '{list}'"));
            }

            Limits(o.Limits, units, p + "limits", problems);
        }
    }

    /// <summary>The entities an override lists for its limit's <c>applies_to.type</c>.</summary>
    public static IReadOnlyList<string>? EntitiesOf(LimitOverrideDocument o, string appliesToType) => appliesToType switch
    {
        "per-user" => o.Users,
        "per-model" => o.Models,
        "per-virtual-account" => o.VirtualAccounts,
        "metadata" => o.MetadataValues,
        _ => null,
    };

    private static void Alerts(BudgetAlertsDocument? alerts, string path, List<ValidationProblem> problems)
    {
        if (alerts is null) return;
        for (var i = 0; i < (alerts.Thresholds?.Count ?? 0); i++)
        {
            var t = alerts.Thresholds![i];
            if (t <= 0 || t > 1000 || t != decimal.Truncate(t))
            {
                problems.Add(new ValidationProblem($"{path}thresholds[{i}]", "a threshold is a whole percentage of the limit, from 1 to 1000"));
            }
        }

        for (var i = 0; i < (alerts.NotificationTarget?.Count ?? 0); i++)
        {
            var t = alerts.NotificationTarget![i];
            var p = $"{path}notification_target[{i}].";
            OneOf(t.Type, TargetTypes, p + "type", problems);
            if (t.Type is AlertTarget.Webhook or AlertTarget.SlackWebhook
                && (t.Url is null || !Uri.TryCreate(t.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            {
                problems.Add(new ValidationProblem(p + "url", $"a {t.Type} target needs url: an http(s) address to POST the alert to"));
            }
        }
    }
}
