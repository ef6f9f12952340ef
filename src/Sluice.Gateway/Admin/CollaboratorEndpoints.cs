using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Core.Access;
using Sluice.Core.Errors;
using Sluice.Gateway.Manifests;
using Sluice.Gateway.Snapshots;

namespace Sluice.Gateway.Admin;

/// <summary>
/// <c>/api/v1/provider-accounts/{name}/collaborators</c>: GET (anyone with a role on the account) and PUT
/// <c>{"collaborators": [{"subject", "role_id"}]}</c>, replacing the list (managers and tenant admins).
/// </summary>
internal static class CollaboratorEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/provider-accounts/{name}/collaborators", async (HttpContext http, string name, ConfigurationStore store, SnapshotHolder holder) =>
        {
            if (await AccountEndpoints.LoadAsync(http, name, store, holder, AdminAction.ReadAccount) is not { } account)
            {
                return Results.Empty;
            }

            return await WriteAsync(http, account.Collaborators ?? []);
        });

        api.MapPut("/provider-accounts/{name}/collaborators", async (HttpContext http, string name, ConfigurationStore store, SnapshotHolder holder) =>
        {
            if (await AccountEndpoints.LoadAsync(http, name, store, holder, AdminAction.ManageCollaborators) is not { } account)
            {
                return Results.Empty;
            }

            var (node, error) = await BodyReader.ReadJsonAsync(http);
            if (node is not JsonObject body || body["collaborators"] is not JsonArray array)
            {
                return await AdminJson.ErrorAsync(http, GatewayError.InvalidRequest(error ?? "the body must be {\"collaborators\": [{\"subject\": ..., \"role_id\": ...}]}", code: "invalid_body"));
            }

            var problems = new List<ValidationProblem>();
            var collaborators = new List<CollaboratorDocument>(array.Count);
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is not JsonObject c)
                {
                    problems.Add(new ValidationProblem($"collaborators[{i}]", "a collaborator must be an object with subject and role_id"));
                    continue;
                }

                collaborators.Add(new CollaboratorDocument(UserEndpoints.Text(c, "subject") ?? "", UserEndpoints.Text(c, "role_id") ?? ""));
            }

            if (problems.Count > 0)
            {
                return await AdminJson.ProblemsAsync(http, problems);
            }

            var results = await store.ApplyAsync([account with { Collaborators = collaborators }], AdminAuthorization.PrincipalOf(http).Id, dryRun: false, http.RequestAborted);
            if (results[0].Problems.Count > 0)
            {
                return await AdminJson.ProblemsAsync(http, [.. results[0].Problems]);
            }

            return await WriteAsync(http, collaborators);
        });
    }

    private static Task<IResult> WriteAsync(HttpContext http, IReadOnlyList<CollaboratorDocument> collaborators) =>
        AdminJson.WriteAsync(http, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("collaborators");
            foreach (var c in collaborators)
            {
                w.WriteStartObject();
                w.WriteString("subject", c.Subject);
                w.WriteString("role_id", c.RoleId);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
}
