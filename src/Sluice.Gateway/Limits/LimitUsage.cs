using System.Text.Json;
using Sluice.Core.Access;
using Sluice.Gateway.Pipeline;
using Sluice.Limits.Checking;
using Sluice.Limits.Counters;
using Sluice.Limits.Rules;

namespace Sluice.Gateway.Limits;

/// <summary>
/// Reads the current use of rules and budgets for the admin API (<c>/limits/status</c> and the usage summary): which
/// rules apply to a principal, in which bucket, and what their counters hold. Never on the request path.
/// </summary>
internal static class LimitUsage
{
    /// <summary>The rule lists of a set, each with the tag its counter keys carry.</summary>
    public static (string Tag, LimitRule[] Rules)[] Lists(LimitSet set) =>
        [("r1", set.RateLimitsV1), ("b1", set.BudgetsV1), ("r2", set.RateLimitsV2), ("b2", set.BudgetsV2)];

    /// <summary>The request a principal would make: its subjects and bucket values, on <paramref name="model"/> if named.</summary>
    public static LimitRequest RequestFor(Principal principal, string model, string account, IReadOnlyDictionary<string, string>? metadata) =>
        new(principal.Subjects, LimitGate.UserOf(principal), principal.VirtualAccount, model, account, metadata, 0);

    /// <summary>Whether <paramref name="rule"/> applies to <paramref name="request"/>: on its model when one is named, else on some model.</summary>
    public static bool AppliesTo(LimitRule rule, in LimitRequest request, bool modelNamed) =>
        modelNamed ? rule.When.Matches(request) : rule.When.MatchesSubjects(request.Subjects);

    /// <summary>The counters of every window of <paramref name="rule"/> in <paramref name="bucket"/>.</summary>
    public static async Task<LimitUsageRow> ReadAsync(LimitChecker checker, string tag, LimitRule rule, string bucket)
    {
        var now = checker.Time.GetUtcNow();
        var windows = new List<(LimitWindow, long, DateTimeOffset)>();
        foreach (var window in rule.WindowsFor(bucket))
        {
            var start = LimitPeriods.Start(window.Period, now);
            var used = await checker.Counters.ReadAsync(LimitChecker.KeyOf(tag, rule, window, bucket, start));
            windows.Add((window, used, LimitPeriods.End(window.Period, start)));
        }

        return new LimitUsageRow(tag, rule, bucket, windows);
    }

    /// <summary>One row as both endpoints show it: the rule, its bucket, and per window limit, use, remaining and reset.</summary>
    public static void Write(Utf8JsonWriter w, LimitUsageRow row, LimitChecker checker)
    {
        var rule = row.Rule;
        w.WriteStartObject();
        w.WriteString("name", rule.Name);
        w.WriteString("kind", rule.Kind == LimitKind.Budget ? "budget" : "rate_limit");
        w.WriteString("source", rule.Source);
        w.WriteString("mode", rule.Enforce ? "enforce" : "audit");
        // V1 rules after the first matching one count usage but do not decide.
        w.WriteString("evaluation", row.Tag[1] == '1' ? "first-match" : "all-must-allow");
        w.WriteStartArray("applies_per");
        foreach (var d in rule.AppliesPer) w.WriteStringValue(d.ToString());
        w.WriteEndArray();
        w.WriteString("bucket", row.Bucket.Replace('\u001f', ','));
        w.WriteStartArray("windows");
        foreach (var (window, used, reset) in row.Windows)
        {
            var scale = window.Metric == LimitMetric.Cost ? LimitPeriods.MicrosPerUsd : 1m;
            w.WriteStartObject();
            w.WriteString("unit", window.Unit);
            w.WriteNumber("limit", window.Amount);
            w.WriteNumber("used", used / scale);
            w.WriteNumber("remaining", Math.Max(0, window.Limit - used) / scale);
            w.WriteString("resets_at", reset);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteNumber("audit_blocks", checker.AuditBlocks(rule.Name));
        w.WriteNumber("unpriced_calls", checker.Unpriced(rule.Name));
        w.WriteEndObject();
    }

    /// <summary>Where counters live, and how many counter operations fell back to this instance while Redis was away.</summary>
    public static void WriteCounters(Utf8JsonWriter w, LimitChecker checker)
    {
        w.WriteStartObject("counters");
        var redis = checker.Counters as RedisLimitCounters;
        w.WriteString("store", redis is null ? "memory" : "redis");
        w.WriteNumber("redis_fallbacks", redis?.Fallbacks ?? 0);
        w.WriteEndObject();
    }

    /// <summary>
    /// The budgets that apply to <paramref name="principals"/> (each in its own bucket, once), or with none every budget
    /// shared by all its callers (no <c>applies_per</c>). A budget split per model or metadata value shows only when the
    /// summary names that model or value, since otherwise there is no single bucket to show.
    /// </summary>
    public static async Task<List<LimitUsageRow>> BudgetsAsync(LimitChecker checker, LimitSet set, IReadOnlyCollection<Principal>? principals,
        string? model, string modelAccount, IReadOnlyDictionary<string, string>? metadata)
    {
        var rows = new List<LimitUsageRow>();
        var seen = new HashSet<(string, string, string)>();
        foreach (var (tag, rules) in new[] { ("b1", set.BudgetsV1), ("b2", set.BudgetsV2) })
        {
            foreach (var rule in rules)
            {
                if (!Knowable(rule, model is not null, metadata)) continue;
                if (principals is null)
                {
                    if (rule.AppliesPer.Length == 0 && seen.Add((tag, rule.Name, ""))) rows.Add(await ReadAsync(checker, tag, rule, ""));
                    continue;
                }

                foreach (var principal in principals)
                {
                    var request = RequestFor(principal, model ?? "", modelAccount, metadata);
                    if (!AppliesTo(rule, request, model is not null)) continue;
                    var bucket = LimitChecker.BucketOf(rule, request);
                    if (seen.Add((tag, rule.Name, bucket))) rows.Add(await ReadAsync(checker, tag, rule, bucket));
                }
            }
        }

        return rows;
    }

    private static bool Knowable(LimitRule rule, bool modelNamed, IReadOnlyDictionary<string, string>? metadata)
    {
        foreach (var d in rule.AppliesPer)
        {
            if (d.Kind == LimitDimensionKind.Model && !modelNamed) return false;
            if (d.Kind == LimitDimensionKind.Metadata && (metadata is null || !metadata.ContainsKey(d.MetadataKey!))) return false;
        }

        return true;
    }

    /// <summary>The active users who hold <c>team:NAME</c>.</summary>
    public static List<Principal> MembersOf(IEnumerable<Principal> users, string team)
    {
        var subject = Subject.ForTeam(team);
        var members = new List<Principal>();
        foreach (var p in users)
        {
            if (p.Subjects.Contains(subject)) members.Add(p);
        }

        return members;
    }
}
