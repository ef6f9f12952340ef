using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sluice.Bedrock.Catalogue;
using Sluice.Core.Access;
using Sluice.Core.Errors;
using Sluice.Core.Providers;
using Sluice.Gateway.Manifests;
using Sluice.Gateway.Snapshots;

namespace Sluice.Gateway.Admin;

/// <summary>
/// <c>POST /api/v1/provider-accounts/{name}/models/select-all</c> with <c>{"types": ["chat", "embedding", "image"]}</c>:
/// adds every current (not legacy) catalogue model of those types that the account's region offers, by the ID to call
/// it there (plain, geographic or <c>global.</c> profile). A model already on the account (by that ID) is left alone,
/// so a second call adds nothing.
/// </summary>
internal static class SelectAllEndpoint
{
    private static readonly (string Name, ModelType Type)[] Types = [("chat", ModelType.Chat), ("embedding", ModelType.Embedding), ("image", ModelType.Image)];

    public static async Task<IResult> HandleAsync(HttpContext http, string name, ConfigurationStore store, SnapshotHolder holder)
    {
        if (await AccountEndpoints.LoadAsync(http, name, store, holder, AdminAction.AddModel) is not { } account)
        {
            return Results.Empty;
        }

        var (node, error) = await BodyReader.ReadJsonAsync(http);
        if (node is not JsonObject obj)
        {
            return await AdminJson.ErrorAsync(http, GatewayError.InvalidRequest(error ?? "the body must be a JSON object", code: "invalid_body"));
        }

        var problems = new List<ValidationProblem>();
        var wanted = ReadTypes(obj, problems);
        if (problems.Count > 0)
        {
            return await AdminJson.ProblemsAsync(http, problems);
        }

        var models = (account.Integrations ?? []).ToList();
        var added = new List<IntegrationDocument>();
        foreach (var m in BedrockCatalogue.All)
        {
            var types = m.Types & wanted;
            // Embedding and image models whose native body Sluice does not write could not be called.
            if (types == ModelType.None || m.Legacy || (m.Types & ModelType.Chat) == 0 && m.Family == BedrockInvokeFamily.Unsupported
                || m.CallIdIn(account.Region) is not { } callId || models.Exists(x => x.ModelId == callId))
            {
                continue;
            }

            var model = new IntegrationDocument(UniqueName(Slug(m.DisplayName), models))
            {
                Type = ManifestTypes.BedrockModel,
                ModelId = callId,
                ModelTypes = [.. Types.Where(t => (types & t.Type) != 0).Select(t => t.Name)],
            };
            models.Add(model);
            added.Add(model);
        }

        if (added.Count > 0)
        {
            var results = await store.ApplyAsync([account with { Integrations = models }], AdminAuthorization.PrincipalOf(http).Id, dryRun: false, http.RequestAborted);
            if (results[0].Problems.Count > 0)
            {
                return await AdminJson.ProblemsAsync(http, [.. results[0].Problems]);
            }
        }

        return await AdminJson.WriteAsync(http, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("added");
            var warnings = new List<ValidationProblem>();
            foreach (var m in added)
            {
                ManifestWriter.WriteIntegration(w, m);
                warnings.AddRange(CatalogueWarnings.For(m, account.Region, m.Name + "."));
            }

            w.WriteEndArray();
            w.WriteNumber("unchanged", models.Count - added.Count);
            ManifestWriter.WriteWarnings(w, warnings);
            w.WriteEndObject();
        });
    }

    private static ModelType ReadTypes(JsonObject obj, List<ValidationProblem> problems)
    {
        if (obj["types"] is not JsonArray array || array.Count == 0)
        {
            problems.Add(new ValidationProblem("types", "types must be a non-empty list of chat, embedding, image"));
            return ModelType.None;
        }

        var result = ModelType.None;
        for (var i = 0; i < array.Count; i++)
        {
            var text = array[i] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            var match = Types.FirstOrDefault(t => t.Name == text);
            if (match.Name is null)
            {
                problems.Add(new ValidationProblem($"types[{i}]", $"unknown model type {array[i]?.ToJsonString() ?? "null"}; expected chat, embedding or image"));
                continue;
            }

            result |= match.Type;
        }

        return result;
    }

    // The name the web UI's picker gives a catalogue model: its display name in lower case, other characters as '-'.
    private static string Slug(string displayName)
    {
        var sb = new StringBuilder(displayName.Length);
        foreach (var c in displayName.ToLowerInvariant())
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c == '.' ? c : '-');
        }

        while (sb.ToString().Contains("--", StringComparison.Ordinal))
        {
            sb.Replace("--", "-");
        }

        var slug = sb.ToString().Trim('-', '.');
        return slug.Length > 0 && char.IsAsciiLetter(slug[0]) ? slug : "model-" + slug;
    }

    private static string UniqueName(string name, List<IntegrationDocument> models)
    {
        var candidate = name;
        for (var n = 2; models.Exists(m => m.Name == candidate); n++)
        {
            candidate = $"{name}-{n}";
        }

        return candidate;
    }
}
