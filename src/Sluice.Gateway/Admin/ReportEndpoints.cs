using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Sluice.Core.Access;
using Sluice.Gateway.Snapshots;
using Sluice.Storage;

namespace Sluice.Gateway.Admin;

/// <summary><c>GET /api/v1/audit</c> and <c>GET /api/v1/usage</c>: recent entries, newest first (audit: tenant admins; usage: own, or everyone's for tenant admins).</summary>
internal static class ReportEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/audit", async (HttpContext http, IDbContextFactory<SluiceDbContext> dbFactory, SnapshotHolder holder,
            string? actor, string? target, string? action, DateTimeOffset? since, DateTimeOffset? until, int? limit) =>
        {
            if (!await AdminAuthorization.RequireAsync(http, holder, AdminAction.ReadAudit))
            {
                return Results.Empty;
            }

            await using var db = await dbFactory.CreateDbContextAsync(http.RequestAborted);
            var query = db.AuditEntries.AsNoTracking();
            if (!string.IsNullOrEmpty(actor)) query = query.Where(a => a.Actor == actor);
            if (!string.IsNullOrEmpty(action)) query = query.Where(a => a.Action == action);

            // A target filter matches the exact target ("team:ml") or everything under a prefix ending in ':' ("team:").
            if (!string.IsNullOrEmpty(target)) query = target.EndsWith(':') ? query.Where(a => a.Target.StartsWith(target)) : query.Where(a => a.Target == target);

            // SQLite cannot compare DateTimeOffset in SQL; ids grow with time, so the time window is applied after
            // the cheap filters, on a bounded window of newest rows.
            var rows = await query.OrderByDescending(a => a.Id).Take(10_000).ToListAsync(http.RequestAborted);
            rows.RemoveAll(a => (since is { } s && a.At < s) || (until is { } u && a.At > u));
            if (rows.Count > Math.Clamp(limit ?? 100, 1, 1000))
            {
                rows.RemoveRange(Math.Clamp(limit ?? 100, 1, 1000), rows.Count - Math.Clamp(limit ?? 100, 1, 1000));
            }

            return await AdminJson.WriteAsync(http, 200, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("data");
                foreach (var a in rows)
                {
                    w.WriteStartObject();
                    w.WriteNumber("id", a.Id);
                    w.WriteString("actor", a.Actor);
                    w.WriteString("action", a.Action);
                    w.WriteString("target", a.Target);
                    w.WriteString("at", a.At);
                    w.WritePropertyName("before");
                    if (a.BeforeJson is null) w.WriteNullValue(); else w.WriteRawValue(a.BeforeJson);
                    w.WritePropertyName("after");
                    if (a.AfterJson is null) w.WriteNullValue(); else w.WriteRawValue(a.AfterJson);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        });

        api.MapGet("/usage", async (HttpContext http, IDbContextFactory<SluiceDbContext> dbFactory, SnapshotHolder holder, int? limit) =>
        {
            // Everyone may read their own usage; a tenant admin reads everyone's.
            var principal = AdminAuthorization.PrincipalOf(http);
            var all = AdminAuthorization.Decide(http, holder, AdminAction.ReadAllUsage).IsAllowed;
            await using var db = await dbFactory.CreateDbContextAsync(http.RequestAborted);
            var query = db.UsageRecords.AsNoTracking();
            if (!all)
            {
                query = query.Where(u => u.PrincipalId == principal.Id);
            }

            var rows = await query.OrderByDescending(u => u.Id).Take(Math.Clamp(limit ?? 100, 1, 1000)).ToListAsync(http.RequestAborted);
            return await AdminJson.WriteAsync(http, 200, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("data");
                foreach (var u in rows)
                {
                    w.WriteStartObject();
                    w.WriteString("request_id", u.RequestId);
                    w.WriteString("timestamp", u.Timestamp);
                    w.WriteString("principal", u.PrincipalId);
                    w.WriteString("model", u.Model);
                    w.WriteString("upstream_model_id", u.UpstreamModelId);
                    w.WriteString("region", u.Region);
                    w.WriteString("operation", u.Operation);
                    w.WriteNumber("status", u.Status);
                    w.WriteNumber("prompt_tokens", u.PromptTokens);
                    w.WriteNumber("completion_tokens", u.CompletionTokens);
                    w.WriteNumber("cached_tokens", u.CachedTokens);
                    w.WriteNumber("cache_write_tokens", u.CacheWriteTokens);
                    w.WriteNumber("images", u.Images);
                    w.WriteNumber("cost_usd", u.CostUsd);
                    w.WriteBoolean("private_cost", u.PrivateCost);
                    w.WriteNumber("latency_ms", u.LatencyMs);
                    if (u.ErrorCode is null) w.WriteNull("error_code"); else w.WriteString("error_code", u.ErrorCode);
                    if (u.ResolvedModel is null) w.WriteNull("resolved_model"); else w.WriteString("resolved_model", u.ResolvedModel);
                    w.WriteNumber("attempts", u.Attempts);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        });
    }
}
