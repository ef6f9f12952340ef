using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Sluice.Core.Access;
using Sluice.Gateway.Snapshots;
using Sluice.Storage;

namespace Sluice.Gateway.Admin;

/// <summary><c>GET /api/v1/audit</c> (tenant admins: recent entries, newest first) and the usage endpoints (<see cref="UsageEndpoints"/>).</summary>
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

        UsageEndpoints.Map(api);
    }
}
