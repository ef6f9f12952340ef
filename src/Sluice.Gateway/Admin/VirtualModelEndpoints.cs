using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Core.Access;
using Sluice.Gateway.Manifests;
using Sluice.Gateway.Snapshots;

namespace Sluice.Gateway.Admin;

/// <summary>
/// <c>/api/v1/virtual-model-groups</c>: read the <c>provider-account/virtual-model</c> groups the caller has a role
/// on (all for tenant admins), and delete one (tenant admins). Groups are created and changed with <c>apply</c>.
/// </summary>
internal static class VirtualModelEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/virtual-model-groups", async (HttpContext http, ConfigurationStore store, SnapshotHolder holder) =>
        {
            var groups = await store.ListGroupsAsync(http.RequestAborted);
            return await AdminJson.WriteAsync(http, 200, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("data");
                foreach (var g in groups)
                {
                    if (AdminAuthorization.Decide(http, holder, AdminAction.ReadAccount, g.Name).IsAllowed) ManifestWriter.Write(w, g);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        });

        api.MapGet("/virtual-model-groups/{name}", async (HttpContext http, string name, ConfigurationStore store, SnapshotHolder holder) =>
        {
            if (!await AdminAuthorization.RequireAsync(http, holder, AdminAction.ReadAccount, name)) return Results.Empty;
            var group = (await store.ListGroupsAsync(http.RequestAborted)).Find(g => g.Name == name);
            return group is null
                ? await AdminJson.NotFoundAsync(http, $"There is no virtual-model group '{name}'.")
                : await AdminJson.WriteAsync(http, 200, w => ManifestWriter.Write(w, group));
        });

        api.MapDelete("/virtual-model-groups/{name}", async (HttpContext http, string name, ConfigurationStore store, SnapshotHolder holder) =>
        {
            if (!await AdminAuthorization.RequireAsync(http, holder, AdminAction.DeleteAccount, name)) return Results.Empty;
            return await store.DeleteAsync(ManifestTypes.VirtualModelGroup, name, AdminAuthorization.PrincipalOf(http).Id, http.RequestAborted)
                ? Results.NoContent()
                : await AdminJson.NotFoundAsync(http, $"There is no virtual-model group '{name}'.");
        });
    }
}
