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
/// <c>POST /api/v1/provider-accounts/{name}/test</c>, body optional: <c>{"model": "name"}</c> calls that model of the
/// account, <c>{"model_call": true}</c> calls the account's first chat model (the only way to check a Bedrock API key).
/// The answer says what was checked: <c>status</c> is <c>ok</c>, <c>failed</c> or <c>not-checked</c>.
/// </summary>
internal static class ConnectionTestEndpoint
{
    private const string ModelKey = "model";
    private const string ModelCallKey = "model_call";
    private static readonly string[] Keys = [ModelKey, ModelCallKey];

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/provider-accounts/{name}/test", async (HttpContext http, string name, ConfigurationStore store, SnapshotHolder holder, IProviderRuntime runtime) =>
        {
            if (await AccountEndpoints.LoadAsync(http, name, store, holder, AdminAction.TestAccount) is not { } account)
            {
                return Results.Empty;
            }

            var body = new JsonObject();
            if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
            {
                var (node, error) = await BodyReader.ReadJsonAsync(http);
                if (node is JsonObject o)
                {
                    body = o;
                }
                else if (error != BodyReader.EmptyBody)
                {
                    return await AdminJson.ErrorAsync(http, GatewayError.InvalidRequest(error ?? "the body must be a JSON object, e.g. {\"model_call\": true}", code: "invalid_body"));
                }
            }

            var problems = Check(body);
            if (problems.Count > 0)
            {
                return await AdminJson.ProblemsAsync(http, problems);
            }

            var models = account.Integrations ?? [];
            IntegrationDocument? model = null;
            if (body[ModelKey] is JsonValue v && v.TryGetValue<string>(out var modelName))
            {
                model = models.FirstOrDefault(m => m.Name == modelName);
                if (model is null)
                {
                    return await AdminJson.NotFoundAsync(http, $"Account \"{name}\" has no model named \"{modelName}\".");
                }
            }
            else if (body[ModelCallKey] is JsonValue call && call.TryGetValue<bool>(out var wanted) && wanted)
            {
                model = models.FirstOrDefault(m => m.ModelTypes.Contains("chat"));
                if (model is null)
                {
                    return await WriteAsync(http, new ConnectionTestReport(ConnectionTestReport.StatusNotChecked, "nothing (no request was sent to AWS)",
                        "The account has no chat model to call. Add one, or name another model of the account with {\"model\": \"name\"}.", account.Region));
                }
            }

            return await WriteAsync(http, await runtime.TestAsync(account, model, http.RequestAborted));
        });

    private static List<ValidationProblem> Check(JsonObject body)
    {
        var problems = new List<ValidationProblem>();
        foreach (var (key, value) in body)
        {
            if (key == ModelKey)
            {
                if (value is not JsonValue v || !v.TryGetValue<string>(out _))
                {
                    problems.Add(new ValidationProblem(key, "model must be the name of one of the account's models"));
                }
            }
            else if (key == ModelCallKey)
            {
                if (value is not JsonValue v || !v.TryGetValue<bool>(out _))
                {
                    problems.Add(new ValidationProblem(key, "model_call must be true or false"));
                }
            }
            else
            {
                var nearest = DidYouMean.Nearest(key, Keys);
                problems.Add(new ValidationProblem(key, nearest is null
                    ? $"unknown key \"{key}\"; expected model or model_call"
                    : $"unknown key \"{key}\"; did you mean \"{nearest}\"?", nearest));
            }
        }

        return problems;
    }

    private static Task<IResult> WriteAsync(HttpContext http, ConnectionTestReport report) =>
        AdminJson.WriteAsync(http, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("status", report.Status);
            w.WriteBoolean("ok", report.Ok);
            w.WriteString("checked", report.Checked);
            w.WriteString("message", report.Message);
            if (report.Region is not null) w.WriteString("region", report.Region);
            if (report.Model is not null) w.WriteString("model", report.Model);
            if (report.ModelId is not null) w.WriteString("model_id", report.ModelId);
            w.WriteEndObject();
        });
}
