using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Core.Errors;
using Sluice.Gateway.Manifests;
using Sluice.Gateway.Snapshots;

namespace Sluice.Gateway.Admin;

/// <summary><c>POST /api/v1/apply</c>: YAML or JSON manifests, several documents per body, idempotent, with <c>?dryRun=true</c>.</summary>
internal static class ApplyEndpoint
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/apply", async (HttpContext http, ConfigurationStore store, SnapshotHolder holder, bool? dryRun) =>
        {
            var principal = AdminAuthorization.PrincipalOf(http);
            var mediaType = (http.Request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
            var text = await BodyReader.ReadTextAsync(http);
            var problems = new List<(int?, ValidationProblem)>();
            var parseProblems = new List<ValidationProblem>();
            List<JsonNode?> nodes;
            switch (mediaType)
            {
                case "application/yaml" or "application/x-yaml" or "text/yaml" or "text/x-yaml":
                    nodes = YamlDocuments.Parse(text, parseProblems);
                    break;
                case "application/json":
                    nodes = ParseJson(text, parseProblems);
                    break;
                default:
                    return await AdminJson.ErrorAsync(http, new GatewayError(415, ErrorTypes.InvalidRequest, "unsupported_media_type",
                        "Send the manifest as application/yaml (or application/x-yaml, text/yaml) or application/json."));
            }

            if (parseProblems.Count > 0)
            {
                return await AdminJson.ProblemsAsync(http, parseProblems);
            }

            if (nodes.Count == 0)
            {
                return await AdminJson.ProblemsAsync(http, [new ValidationProblem("", "the body holds no documents")]);
            }

            // Every document is read and validated, so one bad document never hides another's problems.
            var documents = new List<ManifestDocument>(nodes.Count);
            var indexes = new List<int>(nodes.Count);
            var labels = new DocumentLabel[nodes.Count];
            for (var i = 0; i < nodes.Count; i++)
            {
                var docProblems = new List<ValidationProblem>();
                var doc = ManifestReader.ReadDocument(nodes[i], docProblems);
                labels[i] = doc is null ? DocumentLabel.Of(nodes[i]) : new DocumentLabel(doc.Type, doc.Name);
                foreach (var p in docProblems)
                {
                    problems.Add((i, p));
                }

                if (doc is not null)
                {
                    var stored = !principal.IsTenantAdmin && doc is BudgetDocument { IsTeamBudget: true }
                        ? await store.GetLimitAsync(doc.Type, doc.Name, http.RequestAborted) as BudgetDocument
                        : null;
                    var decision = AdminAuthorization.DecideApply(holder.Current.Access, principal, doc, stored);
                    if (!decision.IsAllowed)
                    {
                        var denied = decision.ToError();
                        return await AdminJson.ErrorAsync(http, denied with { Message = $"Document {i} ({doc.Type} \"{doc.Name}\"): {denied.Message}" });
                    }

                    documents.Add(doc);
                    indexes.Add(i);
                }
            }

            // The store validates (with stored secrets merged in) and stores nothing unless every document is valid;
            // after a reading problem it only validates.
            List<ApplyResult> results = documents.Count == 0 ? [] : await store.ApplyAsync(documents, principal.Id, dryRun == true || problems.Count > 0, http.RequestAborted);
            for (var k = 0; k < results.Count; k++)
            {
                foreach (var p in results[k].Problems)
                {
                    problems.Add((indexes[k], p));
                }
            }

            if (problems.Count > 0)
            {
                return await AdminJson.ProblemsAsync(http, [.. problems.OrderBy(p => p.Item1)], labels);
            }

            // Warnings never stop an apply: the documents are stored, and the caller is told what will not go as expected.
            var warnings = new List<(int Document, ValidationProblem Warning)>();
            for (var k = 0; k < documents.Count; k++)
            {
                if (documents[k] is ProviderAccountDocument account)
                {
                    warnings.AddRange(CatalogueWarnings.For(account).Select(p => (indexes[k], p)));
                }
            }

            return await AdminJson.WriteAsync(http, 200, w =>
            {
                w.WriteStartObject();
                w.WriteBoolean("dry_run", dryRun == true);
                w.WriteStartArray("results");
                foreach (var r in results)
                {
                    w.WriteStartObject();
                    w.WriteString("type", r.Type);
                    w.WriteString("name", r.Name);
                    w.WriteString("status", r.Status);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("warnings");
                foreach (var (document, warning) in warnings)
                {
                    w.WriteStartObject();
                    w.WriteNumber("document", document);
                    w.WriteString("type", labels[document].Type);
                    w.WriteString("name", labels[document].Name);
                    w.WriteString("path", warning.Path);
                    w.WriteString("message", warning.Message);
                    if (warning.Suggestion is not null)
                    {
                        w.WriteString("suggestion", warning.Suggestion);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        });

    private static List<JsonNode?> ParseJson(string text, List<ValidationProblem> problems)
    {
        try
        {
            var node = JsonNode.Parse(text);
            return node is JsonArray array ? [.. array] : [node];
        }
        catch (JsonException e)
        {
            problems.Add(new ValidationProblem("", "the body is not valid JSON: " + e.Message));
            return [];
        }
    }
}
