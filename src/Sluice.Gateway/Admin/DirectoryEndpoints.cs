using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Sluice.Core.Access;
using Sluice.Core.Errors;
using Sluice.Gateway.Manifests;
using Sluice.Gateway.Snapshots;
using Sluice.Storage;

namespace Sluice.Gateway.Admin;

/// <summary>
/// <c>/api/v1/teams</c> (members) and <c>/api/v1/virtual-accounts</c> (permissions): list, create, read, replace,
/// delete. Bodies are the manifest documents' fields; they go through the same validation and store as
/// <c>/api/v1/apply</c>. Tenant admins only. Deleting a virtual account revokes its tokens.
/// </summary>
internal static class DirectoryEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        MapKind(api, "/teams", ManifestTypes.Team, AdminAction.ManageTeams, "team");
        MapKind(api, "/virtual-accounts", ManifestTypes.VirtualAccount, AdminAction.ManageVirtualAccounts, "virtual account");
    }

    private static void MapKind(RouteGroupBuilder api, string path, string type, AdminAction action, string what)
    {
        api.MapGet(path, async (HttpContext http, ConfigurationStore store, SnapshotHolder holder) =>
        {
            if (!await AdminAuthorization.RequireAsync(http, holder, action))
            {
                return Results.Empty;
            }

            var documents = await store.ListAsync(type, http.RequestAborted);
            return await AdminJson.WriteAsync(http, 200, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("data");
                foreach (var d in documents)
                {
                    ManifestWriter.Write(w, d);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        });

        api.MapPost(path, (HttpContext http, ConfigurationStore store, SnapshotHolder holder) =>
            SaveAsync(http, store, holder, type, action, what, routeName: null));

        api.MapGet(path + "/{name}", async (HttpContext http, string name, ConfigurationStore store, SnapshotHolder holder) =>
        {
            if (!await AdminAuthorization.RequireAsync(http, holder, action))
            {
                return Results.Empty;
            }

            var document = await store.GetAsync(type, name, http.RequestAborted);
            return document is null
                ? await AdminJson.NotFoundAsync(http, $"No {what} named \"{name}\".")
                : await AdminJson.WriteAsync(http, 200, w => ManifestWriter.Write(w, document));
        });

        api.MapPut(path + "/{name}", (HttpContext http, string name, ConfigurationStore store, SnapshotHolder holder) =>
            SaveAsync(http, store, holder, type, action, what, name));

        api.MapDelete(path + "/{name}", async (HttpContext http, string name, ConfigurationStore store, SnapshotHolder holder, IDbContextFactory<SluiceDbContext> dbFactory) =>
        {
            if (!await AdminAuthorization.RequireAsync(http, holder, action))
            {
                return Results.Empty;
            }

            if (type == ManifestTypes.VirtualAccount)
            {
                // Revoked first: a virtual account re-created under the same name must not inherit live keys.
                await using var db = await dbFactory.CreateDbContextAsync(http.RequestAborted);
                if (await db.VirtualAccounts.AnyAsync(v => v.Name == name, http.RequestAborted))
                {
                    await UserService.RevokeKeysAsync(db, Subject.ForVirtualAccount(name), http.RequestAborted);
                    await db.SaveChangesAsync(http.RequestAborted);
                }
            }

            return await store.DeleteAsync(type, name, AdminAuthorization.PrincipalOf(http).Id, http.RequestAborted)
                ? Results.NoContent()
                : await AdminJson.NotFoundAsync(http, $"No {what} named \"{name}\".");
        });
    }

    private static async Task<IResult> SaveAsync(HttpContext http, ConfigurationStore store, SnapshotHolder holder, string type, AdminAction action, string what, string? routeName)
    {
        if (!await AdminAuthorization.RequireAsync(http, holder, action))
        {
            return Results.Empty;
        }

        var (node, error) = await BodyReader.ReadJsonAsync(http);
        if (node is not JsonObject body)
        {
            return await AdminJson.ErrorAsync(http, GatewayError.InvalidRequest(error ?? "the body must be a JSON object", code: "invalid_body"));
        }

        var problems = new List<ValidationProblem>();
        var bodyName = UserEndpoints.Text(body, "name");
        if (routeName is not null && bodyName is not null && bodyName != routeName)
        {
            problems.Add(new ValidationProblem("name", $"the body names \"{bodyName}\" but the URL names \"{routeName}\"; a {what} cannot be renamed"));
        }

        body["type"] = type;
        body["name"] = routeName ?? bodyName;
        var document = ManifestReader.ReadDocument(body, problems);
        if (problems.Count > 0 || document is null)
        {
            return await AdminJson.ProblemsAsync(http, problems);
        }

        var exists = await store.GetAsync(type, document.Name, http.RequestAborted) is not null;
        if (routeName is null && exists)
        {
            return await AdminJson.ErrorAsync(http, new GatewayError(409, ErrorTypes.InvalidRequest, "already_exists",
                $"A {what} named \"{document.Name}\" exists. Use PUT to change it."));
        }

        if (routeName is not null && !exists)
        {
            return await AdminJson.NotFoundAsync(http, $"No {what} named \"{routeName}\". Use POST to create it.");
        }

        var results = await store.ApplyAsync([document], AdminAuthorization.PrincipalOf(http).Id, dryRun: false, http.RequestAborted);
        if (results[0].Problems.Count > 0)
        {
            return await AdminJson.ProblemsAsync(http, [.. results[0].Problems]);
        }

        var saved = await store.GetAsync(type, document.Name, http.RequestAborted);
        return await AdminJson.WriteAsync(http, routeName is null ? 201 : 200, w => ManifestWriter.Write(w, saved!));
    }
}
