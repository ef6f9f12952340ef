using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Core.Access;
using Sluice.Gateway.Limits;
using Sluice.Gateway.Pipeline;
using Sluice.Gateway.Snapshots;
using Sluice.Limits.Checking;
using Sluice.Limits.Rules;

namespace Sluice.Gateway.Admin;

/// <summary>
/// <c>GET /api/v1/limits</c> and <c>DELETE /api/v1/limits?type=…&amp;name=…</c>: the stored limit and budget documents
/// (tenant admins). <c>GET /api/v1/limits/status?subject=…[&amp;model=…]</c>: every rate limit and budget that applies to a subject, with
/// its use and reset time per window (tenant admins for anyone; a caller for themselves). <c>GET /api/v1/limits/alerts</c>:
/// the latest threshold alerts (tenant admins).
/// </summary>
internal static class LimitEndpoints
{
    private static readonly string[] LimitTypes =
    [
        Manifests.ManifestTypes.RateLimitingConfig, Manifests.ManifestTypes.BudgetConfig, Manifests.ManifestTypes.RateLimitV2,
        Manifests.ManifestTypes.TenantBudget, Manifests.ManifestTypes.TeamBudget,
    ];

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/limits/status", async (HttpContext http, SnapshotHolder holder, LimitGate gate, string? subject, string? model) =>
        {
            var caller = AdminAuthorization.PrincipalOf(http);
            var snapshot = holder.Current;
            subject ??= caller.Id;
            var principal = subject.StartsWith(Subject.UserPrefix, StringComparison.Ordinal) ? snapshot.Access.PrincipalFor(subject[Subject.UserPrefix.Length..])
                : subject.StartsWith(Subject.VirtualAccountPrefix, StringComparison.Ordinal) ? snapshot.Access.PrincipalForVirtualAccount(subject[Subject.VirtualAccountPrefix.Length..])
                : null;
            if (principal is null)
            {
                return await AdminJson.ErrorAsync(http, AdminAuthorization.BadRequest(
                    $"subject must name an active user (user:alice@example.com) or a virtual account (virtualaccount:ci-bot); \"{subject}\" is neither", "invalid_subject"));
            }

            if (principal.Id != caller.Id && !await AdminAuthorization.RequireAsync(http, holder, AdminAction.ReadAllUsage))
            {
                return Results.Empty;
            }

            var set = snapshot.Limits as LimitSet ?? LimitSet.Empty;
            var route = model is not null && snapshot.Models.TryGetValue(model, out var r) ? r : null;
            var request = new LimitRequest(principal.Subjects, LimitGate.UserOf(principal), principal.VirtualAccount, route?.FullName ?? model ?? "",
                route?.Account ?? "", null, 0);
            var rows = new List<(string Tag, LimitRule Rule, string Bucket, List<(LimitWindow Window, long Used, DateTimeOffset Reset)> Windows)>();
            var now = gate.Checker.Time.GetUtcNow();
            foreach (var (tag, rules) in new[] { ("r1", set.RateLimitsV1), ("b1", set.BudgetsV1), ("r2", set.RateLimitsV2), ("b2", set.BudgetsV2) })
            {
                foreach (var rule in rules)
                {
                    if (model is null ? !rule.When.MatchesSubjects(principal.Subjects) : !rule.When.Matches(request)) continue;
                    var bucket = LimitChecker.BucketOf(rule, request);
                    var windows = new List<(LimitWindow, long, DateTimeOffset)>();
                    foreach (var window in rule.WindowsFor(bucket))
                    {
                        var start = LimitPeriods.Start(window.Period, now);
                        var used = await gate.Checker.Counters.ReadAsync(LimitChecker.KeyOf(tag, rule, window, bucket, start));
                        windows.Add((window, used, LimitPeriods.End(window.Period, start)));
                    }

                    rows.Add((tag, rule, bucket, windows));
                }
            }

            return await AdminJson.WriteAsync(http, 200, w =>
            {
                w.WriteStartObject();
                w.WriteString("subject", principal.Id);
                if (model is not null) w.WriteString("model", model);
                w.WriteStartArray("data");
                foreach (var (tag, rule, bucket, windows) in rows)
                {
                    w.WriteStartObject();
                    w.WriteString("name", rule.Name);
                    w.WriteString("kind", rule.Kind == LimitKind.Budget ? "budget" : "rate_limit");
                    w.WriteString("source", rule.Source);
                    w.WriteString("mode", rule.Enforce ? "enforce" : "audit");
                    // V1 rules after the first matching one count usage but do not decide.
                    w.WriteString("evaluation", tag[1] == '1' ? "first-match" : "all-must-allow");
                    w.WriteStartArray("applies_per");
                    foreach (var d in rule.AppliesPer) w.WriteStringValue(d.ToString());
                    w.WriteEndArray();
                    w.WriteString("bucket", bucket.Replace('\u001f', ','));
                    w.WriteStartArray("windows");
                    foreach (var (window, used, reset) in windows)
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
                    w.WriteNumber("audit_blocks", gate.Checker.AuditBlocks(rule.Name));
                    w.WriteNumber("unpriced_calls", gate.Checker.Unpriced(rule.Name));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                // Where counters live, and how many counter operations fell back to this instance while Redis was away.
                w.WriteStartObject("counters");
                var redis = gate.Checker.Counters as Sluice.Limits.Counters.RedisLimitCounters;
                w.WriteString("store", redis is null ? "memory" : "redis");
                w.WriteNumber("redis_fallbacks", redis?.Fallbacks ?? 0);
                w.WriteEndObject();
                w.WriteEndObject();
            });
        });

        api.MapGet("/limits", async (HttpContext http, SnapshotHolder holder, ConfigurationStore store) =>
        {
            if (!await AdminAuthorization.RequireAsync(http, holder, AdminAction.ApplyGatewayConfig))
            {
                return Results.Empty;
            }

            var documents = await store.ListLimitsAsync(http.RequestAborted);
            return await AdminJson.WriteAsync(http, 200, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("data");
                foreach (var d in documents) Manifests.ManifestWriter.Write(w, d);
                w.WriteEndArray();
                w.WriteEndObject();
            });
        });

        api.MapDelete("/limits", async (HttpContext http, SnapshotHolder holder, ConfigurationStore store, string? type, string? name) =>
        {
            if (!await AdminAuthorization.RequireAsync(http, holder, AdminAction.ApplyGatewayConfig))
            {
                return Results.Empty;
            }

            if (type is null || name is null || !LimitTypes.Contains(type))
            {
                return await AdminJson.ErrorAsync(http, AdminAuthorization.BadRequest(
                    $"Name the document to delete with ?type=…&name=…; type is one of {string.Join(", ", LimitTypes)}."));
            }

            return await store.DeleteAsync(type, name, AdminAuthorization.PrincipalOf(http).Id, http.RequestAborted)
                ? Results.NoContent()
                : await AdminJson.NotFoundAsync(http, $"No {type} named \"{name}\".");
        });

        api.MapGet("/limits/alerts", async (HttpContext http, SnapshotHolder holder, LimitAlertQueue alerts) =>
        {
            if (!await AdminAuthorization.RequireAsync(http, holder, AdminAction.ReadAllUsage))
            {
                return Results.Empty;
            }

            return await AdminJson.WriteAsync(http, 200, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("data");
                foreach (var alert in alerts.Recent()) LimitAlertQueue.WriteAlert(w, alert);
                w.WriteEndArray();
                w.WriteEndObject();
            });
        });
    }
}
