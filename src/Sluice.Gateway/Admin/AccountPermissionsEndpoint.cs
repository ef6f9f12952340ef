using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Core.Access;
using Sluice.Gateway.Snapshots;

namespace Sluice.Gateway.Admin;

/// <summary>
/// <c>GET /api/v1/provider-accounts/{name}/permissions</c>: what the caller may do with an account or a virtual-model
/// group (they share one namespace), so the UI shows only the buttons that will work. Anyone with a role on it.
/// </summary>
internal static class AccountPermissionsEndpoint
{
    private static readonly (string Key, AdminAction Action)[] Actions =
    [
        ("update", AdminAction.UpdateAccount), ("delete", AdminAction.DeleteAccount), ("manage_collaborators", AdminAction.ManageCollaborators),
        ("add_model", AdminAction.AddModel), ("test", AdminAction.TestAccount),
    ];

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/provider-accounts/{name}/permissions", async (HttpContext http, string name, SnapshotHolder holder) =>
        {
            if (!await AdminAuthorization.RequireAsync(http, holder, AdminAction.ReadAccount, name)) return Results.Empty;
            return await AdminJson.WriteAsync(http, 200, w =>
            {
                w.WriteStartObject();
                w.WriteString("name", name);
                foreach (var (key, action) in Actions)
                {
                    w.WriteBoolean(key, AdminAuthorization.Decide(http, holder, action, name).IsAllowed);
                }

                w.WriteEndObject();
            });
        });
}
