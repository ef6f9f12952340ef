using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Core.Access;
using Sluice.Core.Routing;
using Sluice.Gateway.Snapshots;

namespace Sluice.Gateway.Admin;

/// <summary>
/// <c>GET /api/v1/virtual-model-groups/{name}/health</c>: the live passive health and measured latency of every target
/// of the group's virtual models, as this gateway instance sees them (anyone with a role on the group).
/// </summary>
internal static class VirtualModelHealthEndpoint
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/virtual-model-groups/{name}/health", async (HttpContext http, string name, ConfigurationStore store, SnapshotHolder holder, TimeProvider time) =>
        {
            if (!await AdminAuthorization.RequireAsync(http, holder, AdminAction.ReadAccount, name)) return Results.Empty;
            var group = (await store.ListGroupsAsync(http.RequestAborted)).Find(g => g.Name == name);
            if (group is null) return await AdminJson.NotFoundAsync(http, $"There is no virtual-model group '{name}'.");

            var snapshot = holder.Current;
            var now = time.GetTimestamp();
            return await AdminJson.WriteAsync(http, 200, w =>
            {
                w.WriteStartObject();
                w.WriteString("group", name);
                w.WriteStartArray("data");
                foreach (var model in group.Integrations ?? [])
                {
                    var fullName = name + "/" + model.Name;
                    var router = snapshot.Models.TryGetValue(fullName, out var route) ? route.Router : null;
                    w.WriteStartObject();
                    w.WriteString("model", fullName);
                    // Not callable: every target is gone (the snapshot left the virtual model out).
                    w.WriteBoolean("callable", router is not null);
                    w.WriteStartArray("targets");
                    foreach (var declared in model.RoutingConfig?.LoadBalanceTargets ?? [])
                    {
                        w.WriteStartObject();
                        w.WriteString("target", declared.Target);
                        var target = router?.Targets.FirstOrDefault(t => t.Route.FullName == declared.Target);
                        w.WriteBoolean("present", target is not null);
                        if (target is not null) WriteHealth(w, target, now);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        });

    private static void WriteHealth(System.Text.Json.Utf8JsonWriter w, RoutingTarget target, long now)
    {
        var health = target.Health.View();
        w.WriteBoolean("healthy", health.Healthy);
        w.WriteNumber("cool_down_remaining_ms", (long)health.CoolDownRemaining.TotalMilliseconds);
        w.WriteNumber("failures_in_window", health.FailuresInWindow);
        w.WriteNumber("total_failures", health.TotalFailures);
        if (health.LastFailureAgo is { } ago) w.WriteNumber("last_failure_seconds_ago", (long)ago.TotalSeconds);
        else w.WriteNull("last_failure_seconds_ago");
        if (health.LastFailureStatus is { } status) w.WriteNumber("last_failure_status", status);
        else w.WriteNull("last_failure_status");
        WriteMs(w, "time_per_output_token_ms", target.Latency.TimePerOutputTokenMs(now));
        WriteMs(w, "time_to_first_token_ms", target.Latency.TimeToFirstTokenMs(now));
    }

    private static void WriteMs(System.Text.Json.Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v) w.WriteNumber(name, Math.Round(v, 1));
        else w.WriteNull(name);
    }
}
