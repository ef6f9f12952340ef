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
/// <c>/api/v1/provider-accounts</c> and their models. Bodies use the manifest's field names; secrets are
/// write-only (answers show <c>********</c>) and kept when an update leaves them out.
/// </summary>
internal static class AccountEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/provider-accounts", async (HttpContext http, ConfigurationStore store, SnapshotHolder holder) =>
        {
            var accounts = await store.ListAccountsAsync(http.RequestAborted);
            accounts.RemoveAll(a => !AdminAuthorization.Decide(http, holder, AdminAction.ReadAccount, a.Name).IsAllowed);
            return await AdminJson.WriteAsync(http, 200, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("data");
                foreach (var a in accounts)
                {
                    ManifestWriter.Write(w, a);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        });

        api.MapPost("/provider-accounts", async (HttpContext http, ConfigurationStore store, SnapshotHolder holder) =>
        {
            var principal = AdminAuthorization.PrincipalOf(http);
            if (!await AdminAuthorization.RequireAsync(http, holder, AdminAction.CreateAccount))
            {
                return Results.Empty;
            }

            var (doc, error) = await ReadAccountAsync(http, routeName: null);
            if (doc is null)
            {
                return error!;
            }

            if (await store.GetAccountAsync(doc.Name, http.RequestAborted) is not null)
            {
                return await AdminJson.ErrorAsync(http, new GatewayError(409, ErrorTypes.InvalidRequest, "already_exists",
                    $"A provider account named \"{doc.Name}\" exists. Use PUT /api/v1/provider-accounts/{doc.Name} to change it."));
            }

            return await SaveAsync(http, store, doc, principal.Id, 201);
        });

        api.MapGet("/provider-accounts/{name}", async (HttpContext http, string name, ConfigurationStore store, SnapshotHolder holder) =>
        {
            if (await LoadAsync(http, name, store, holder, AdminAction.ReadAccount) is not { } account)
            {
                return Results.Empty;
            }

            return await AdminJson.WriteAsync(http, 200, w => ManifestWriter.Write(w, account));
        });

        api.MapPut("/provider-accounts/{name}", async (HttpContext http, string name, ConfigurationStore store, SnapshotHolder holder) =>
        {
            if (await LoadAsync(http, name, store, holder, AdminAction.UpdateAccount) is not { } stored)
            {
                return Results.Empty;
            }

            var (doc, error) = await ReadAccountAsync(http, name);
            if (doc is null)
            {
                return error!;
            }

            // Lists the body leaves out keep their stored values; the auth form keeps its secrets in the store.
            doc = doc with
            {
                Collaborators = doc.Collaborators ?? stored.Collaborators,
                Integrations = doc.Integrations ?? stored.Integrations,
            };
            return await SaveAsync(http, store, doc, AdminAuthorization.PrincipalOf(http).Id, 200);
        });

        api.MapDelete("/provider-accounts/{name}", async (HttpContext http, string name, ConfigurationStore store, SnapshotHolder holder) =>
        {
            var principal = AdminAuthorization.PrincipalOf(http);
            if (await LoadAsync(http, name, store, holder, AdminAction.DeleteAccount) is null)
            {
                return Results.Empty;
            }

            await store.DeleteAsync(ManifestTypes.BedrockAccount, name, principal.Id, http.RequestAborted);
            return Results.NoContent();
        });

        ConnectionTestEndpoint.Map(api);
        ModelEndpoints.Map(api);
    }

    /// <summary>
    /// Authorizes <paramref name="action"/> on the account, then loads it; writes 403 (naming the missing role) or
    /// 404 and returns null. Non-admins are denied before the lookup, so they cannot probe which accounts exist.
    /// </summary>
    internal static async Task<ProviderAccountDocument?> LoadAsync(HttpContext http, string name, ConfigurationStore store, SnapshotHolder holder, AdminAction action)
    {
        if (!await AdminAuthorization.RequireAsync(http, holder, action, name))
        {
            return null;
        }

        var account = await store.GetAccountAsync(name, http.RequestAborted);
        if (account is null)
        {
            await AdminJson.NotFoundAsync(http, $"No provider account named \"{name}\".");
        }

        return account;
    }

    /// <summary>Stores one account document and answers with it (secrets masked), or with every validation problem.</summary>
    internal static async Task<IResult> SaveAsync(HttpContext http, ConfigurationStore store, ProviderAccountDocument doc, string actor, int status, string? stripPrefix = null)
    {
        var results = await store.ApplyAsync([doc], actor, dryRun: false, http.RequestAborted);
        if (results[0].Problems.Count > 0)
        {
            var problems = new List<ValidationProblem>(results[0].Problems.Count);
            foreach (var p in results[0].Problems)
            {
                problems.Add(stripPrefix is not null && p.Path.StartsWith(stripPrefix, StringComparison.Ordinal) ? p with { Path = p.Path[stripPrefix.Length..] } : p);
            }

            return await AdminJson.ProblemsAsync(http, problems);
        }

        var saved = await store.GetAccountAsync(doc.Name, http.RequestAborted);
        return await AdminJson.WriteAsync(http, status, w => ManifestWriter.Write(w, saved!));
    }

    private static async Task<(ProviderAccountDocument? Doc, IResult? Error)> ReadAccountAsync(HttpContext http, string? routeName)
    {
        var (node, error) = await BodyReader.ReadJsonAsync(http);
        if (node is not JsonObject obj)
        {
            return (null, await AdminJson.ErrorAsync(http, GatewayError.InvalidRequest(error ?? "the body must be a JSON object", code: "invalid_body")));
        }

        var problems = new List<ValidationProblem>();
        var accountType = ManifestTypes.BedrockAccount;
        if (obj["type"] is JsonValue t && t.TryGetValue<string>(out var type))
        {
            if (ProviderKinds.IsAccountType(type))
            {
                accountType = type;
            }
            else
            {
                var nearest = DidYouMean.Nearest(type, ProviderKinds.ByAccountType.Keys);
                problems.Add(new ValidationProblem("type", $"unknown account type \"{type}\"; expected one of {string.Join(", ", ProviderKinds.ByAccountType.Keys)}", nearest));
            }
        }

        var bodyName = obj["name"] is JsonValue n && n.TryGetValue<string>(out var s) ? s : null;
        if (routeName is not null && bodyName is not null && bodyName != routeName)
        {
            problems.Add(new ValidationProblem("name", $"the body names \"{bodyName}\" but the URL names \"{routeName}\"; accounts cannot be renamed"));
        }

        var doc = ManifestReader.ReadAccount(obj, routeName ?? bodyName ?? "", accountType, problems);
        if (problems.Count > 0)
        {
            return (null, await AdminJson.ProblemsAsync(http, problems));
        }

        return (doc, null);
    }
}
