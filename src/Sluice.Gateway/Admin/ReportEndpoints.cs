using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Sluice.Core.Access;
using Sluice.Gateway.Manifests;
using Sluice.Gateway.Snapshots;
using Sluice.Storage;

namespace Sluice.Gateway.Admin;

/// <summary><c>GET /api/v1/audit</c> (tenant admins: recent entries, newest first) and the usage endpoints (<see cref="UsageEndpoints"/>).</summary>
internal static class ReportEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/audit", async (HttpContext http, IDbContextFactory<SluiceDbContext> dbFactory, SnapshotHolder holder,
            string? actor, string? target, string? action, string? since, string? until, string? limit) =>
        {
            if (!await AdminAuthorization.RequireAsync(http, holder, AdminAction.ReadAudit))
            {
                return Results.Empty;
            }

            // Parsed here, not by parameter binding: a bad value must be a 400 naming the parameter, not an empty 400.
            var problems = new List<ValidationProblem>();
            var from = Time("since", since, problems);
            var to = Time("until", until, problems);
            var take = 100;
            if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > 1000))
            {
                problems.Add(new ValidationProblem("limit", $"'limit' must be a whole number from 1 to 1000, not '{limit}'."));
            }

            if (problems.Count > 0)
            {
                return await AdminJson.ProblemsAsync(http, problems);
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
            rows.RemoveAll(a => (from is { } s && a.At < s) || (to is { } u && a.At > u));
            if (rows.Count > take)
            {
                rows.RemoveRange(take, rows.Count - take);
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

    private static DateTimeOffset? Time(string name, string? value, List<ValidationProblem> problems)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        problems.Add(new ValidationProblem(name, $"'{name}' must be an ISO 8601 time such as 2026-12-01 or 2026-12-01T09:30:00Z, not '{value}'."));
        return null;
    }
}
