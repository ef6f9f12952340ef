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
                var denied = new List<(string Key, string Message)>();
                foreach (var (key, action) in Actions)
                {
                    var decision = AdminAuthorization.Decide(http, holder, action, name);
                    w.WriteBoolean(key, decision.IsAllowed);
                    if (!decision.IsAllowed) denied.Add((key, decision.ToError().Message));
                }

                // The 403 message each denied action would get, so a page can say why instead of failing later.
                w.WriteStartObject("reasons");
                foreach (var (key, message) in denied) w.WriteString(key, message);
                w.WriteEndObject();
                w.WriteEndObject();
            });
        });
}
