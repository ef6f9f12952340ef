using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Core.Access;
using Sluice.Core.Errors;
using Sluice.Gateway.Manifests;
using Sluice.Gateway.Snapshots;

namespace Sluice.Gateway.Admin;

/// <summary><c>/api/v1/provider-accounts/{name}/models[/{model}]</c>: a model is stored as part of its account document.</summary>
internal static class ModelEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/provider-accounts/{name}/models", async (HttpContext http, string name, ConfigurationStore store, SnapshotHolder holder) =>
        {
            if (await AccountEndpoints.LoadAsync(http, name, store, holder, AdminAction.ReadModels) is not { } account)
            {
                return Results.Empty;
            }

            return await AdminJson.WriteAsync(http, 200, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("data");
                foreach (var m in account.Integrations ?? [])
                {
                    ManifestWriter.WriteIntegration(w, m);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        });

        api.MapPost("/provider-accounts/{name}/models", (HttpContext http, string name, ConfigurationStore store, SnapshotHolder holder) =>
            UpsertAsync(http, name, routeModel: null, store, holder));
        api.MapPost("/provider-accounts/{name}/models/select-all", (HttpContext http, string name, ConfigurationStore store, SnapshotHolder holder) =>
            SelectAllEndpoint.HandleAsync(http, name, store, holder));

        api.MapPut("/provider-accounts/{name}/models/{model}", (HttpContext http, string name, string model, ConfigurationStore store, SnapshotHolder holder) =>
            UpsertAsync(http, name, model, store, holder));

        api.MapGet("/provider-accounts/{name}/models/{model}", async (HttpContext http, string name, string model, ConfigurationStore store, SnapshotHolder holder) =>
        {
            if (await AccountEndpoints.LoadAsync(http, name, store, holder, AdminAction.ReadModels) is not { } account)
            {
                return Results.Empty;
            }

            var found = (account.Integrations ?? []).FirstOrDefault(m => m.Name == model);
            return found is null
                ? await AdminJson.NotFoundAsync(http, $"Account \"{name}\" has no model named \"{model}\".")
                : await AdminJson.WriteAsync(http, 200, w => ManifestWriter.WriteIntegration(w, found));
        });

        api.MapDelete("/provider-accounts/{name}/models/{model}", async (HttpContext http, string name, string model, ConfigurationStore store, SnapshotHolder holder) =>
        {
            if (await AccountEndpoints.LoadAsync(http, name, store, holder, AdminAction.RemoveModel) is not { } account)
            {
                return Results.Empty;
            }

            var models = (account.Integrations ?? []).ToList();
            if (models.RemoveAll(m => m.Name == model) == 0)
            {
                return await AdminJson.NotFoundAsync(http, $"Account \"{name}\" has no model named \"{model}\".");
            }

            await store.ApplyAsync([account with { Integrations = models }], AdminAuthorization.PrincipalOf(http).Id, dryRun: false, http.RequestAborted);
            return Results.NoContent();
        });
    }

    private static async Task<IResult> UpsertAsync(HttpContext http, string name, string? routeModel, ConfigurationStore store, SnapshotHolder holder)
    {
        var action = routeModel is null ? AdminAction.AddModel : AdminAction.UpdateModel;
        if (await AccountEndpoints.LoadAsync(http, name, store, holder, action) is not { } account)
        {
            return Results.Empty;
        }

        var (node, error) = await BodyReader.ReadJsonAsync(http);
        if (node is not JsonObject obj)
        {
            return await AdminJson.ErrorAsync(http, GatewayError.InvalidRequest(error ?? "the body must be a JSON object", code: "invalid_body"));
        }

        if (routeModel is not null && obj["name"] is null)
        {
            obj["name"] = routeModel;
        }

        var problems = new List<ValidationProblem>();
        var model = ManifestReader.ReadIntegration(obj, "", ProviderKinds.Of(account).ModelType, problems);
        if (routeModel is not null && model.Name != routeModel)
        {
            problems.Add(new ValidationProblem("name", $"the body names \"{model.Name}\" but the URL names \"{routeModel}\"; use DELETE and POST to rename"));
        }

        if (problems.Count > 0)
        {
            return await AdminJson.ProblemsAsync(http, problems);
        }

        var models = (account.Integrations ?? []).ToList();
        var index = models.FindIndex(m => m.Name == model.Name);
        if (routeModel is null && index >= 0)
        {
            return await AdminJson.ErrorAsync(http, new GatewayError(409, ErrorTypes.InvalidRequest, "already_exists",
                $"Account \"{name}\" already has a model named \"{model.Name}\". Use PUT to change it."));
        }

        if (routeModel is not null && index < 0)
        {
            return await AdminJson.NotFoundAsync(http, $"Account \"{name}\" has no model named \"{routeModel}\". Use POST to add it.");
        }

        if (index >= 0)
        {
            models[index] = model;
        }
        else
        {
            index = models.Count;
            models.Add(model);
        }

        var results = await store.ApplyAsync([account with { Integrations = models }], AdminAuthorization.PrincipalOf(http).Id, dryRun: false, http.RequestAborted);
        if (results[0].Problems.Count > 0)
        {
            var prefix = $"integrations[{index}].";
            var mine = new List<ValidationProblem>();
            foreach (var p in results[0].Problems)
            {
                mine.Add(p.Path.StartsWith(prefix, StringComparison.Ordinal) ? p with { Path = p.Path[prefix.Length..] } : p);
            }

            return await AdminJson.ProblemsAsync(http, mine);
        }

        var warnings = ProviderKinds.Of(account) == ProviderKinds.Bedrock ? CatalogueWarnings.For(model, account.Region, "") : [];
        return await AdminJson.WriteAsync(http, routeModel is null ? 201 : 200, w => ManifestWriter.WriteIntegration(w, model, warnings));
    }
}
