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
            var request = LimitUsage.RequestFor(principal, route?.FullName ?? model ?? "", route?.Account ?? "", null);
            var rows = new List<LimitUsageRow>();
            foreach (var (tag, rules) in LimitUsage.Lists(set))
            {
                foreach (var rule in rules)
                {
                    if (LimitUsage.AppliesTo(rule, request, model is not null))
                    {
                        rows.Add(await LimitUsage.ReadAsync(gate.Checker, tag, rule, LimitChecker.BucketOf(rule, request)));
                    }
                }
            }

            return await AdminJson.WriteAsync(http, 200, w =>
            {
                w.WriteStartObject();
                w.WriteString("subject", principal.Id);
                if (model is not null) w.WriteString("model", model);
                w.WriteStartArray("data");
                foreach (var row in rows) LimitUsage.Write(w, row, gate.Checker);
                w.WriteEndArray();
                LimitUsage.WriteCounters(w, gate.Checker);
                w.WriteEndObject();
            });
        });

        api.MapGet("/limits", async (HttpContext http, SnapshotHolder holder, ConfigurationStore store) =>
        {
            var caller = AdminAuthorization.PrincipalOf(http);
            var access = holder.Current.Access;
            // A team's managers see their teams' budgets; everything else is a tenant admin's.
            var managerOnly = !caller.IsTenantAdmin && access.ManagesAnyTeam(caller);
            if (!managerOnly && !await AdminAuthorization.RequireAsync(http, holder, AdminAction.ApplyGatewayConfig))
            {
                return Results.Empty;
            }

            var documents = await store.ListLimitsAsync(http.RequestAborted);
            if (managerOnly)
            {
                documents = documents.FindAll(d => d is Manifests.BudgetDocument { IsTeamBudget: true, TeamName: { } team } && access.ManagesTeam(caller, team));
            }

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
            var caller = AdminAuthorization.PrincipalOf(http);
            if (type == Manifests.ManifestTypes.TeamBudget && name is not null && !caller.IsTenantAdmin)
            {
                // A team's managers may delete its budgets: the stored document says whose it is.
                if (await store.GetLimitAsync(type, name, http.RequestAborted) is not Manifests.BudgetDocument { TeamName: { } team })
                {
                    return await AdminJson.NotFoundAsync(http, $"No {type} named \"{name}\".");
                }

                if (!await AdminAuthorization.RequireAsync(http, holder, AdminAction.ManageTeamBudget, team))
                {
                    return Results.Empty;
                }
            }
            else if (!await AdminAuthorization.RequireAsync(http, holder, AdminAction.ApplyGatewayConfig))
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
