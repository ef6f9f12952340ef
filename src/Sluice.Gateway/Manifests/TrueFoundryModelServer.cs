using System.Text.Json.Nodes;

namespace Sluice.Gateway.Manifests;

/// <summary>
/// TrueFoundry's self-hosted model form, accepted unchanged: each integration names its server
/// (<c>url</c>, <c>model_server: openai-compatible</c>), its model (<c>hosted_model_name</c>) and its own
/// <c>auth_data</c> (<c>bearer-auth</c>). Sluice keeps one server per account, so the models' common <c>url</c>
/// becomes the account's <c>base_url</c> and their common <c>auth_data</c> the account's; models of one account
/// on different servers (or with different keys) are a problem that says to split the account.
/// </summary>
internal static class TrueFoundryModelServer
{
    /// <summary>The integration keys TrueFoundry writes for self-hosted models (read here, not by the record).</summary>
    public static readonly string[] Keys = ["hosted_model_name", "url", "model_server", "auth_data"];

    public static ProviderAccountDocument Apply(ProviderAccountDocument account, JsonObject obj, List<ValidationProblem> problems)
    {
        if (obj["integrations"] is not JsonArray models || account.Integrations is not { } integrations) return account;
        string? url = null;
        AuthData? auth = null;
        var changed = false;
        var updated = new List<IntegrationDocument>(integrations);
        for (var i = 0; i < models.Count && i < updated.Count; i++)
        {
            if (models[i] is not JsonObject m) continue;
            var path = $"integrations[{i}].";
            if (m["hosted_model_name"] is JsonValue hosted && hosted.TryGetValue<string>(out var hostedName))
            {
                if (updated[i].ModelId.Length > 0 && updated[i].ModelId != hostedName)
                {
                    problems.Add(new ValidationProblem(path + "hosted_model_name", "hosted_model_name and model_id name different models; give one"));
                }

                updated[i] = updated[i] with { ModelId = hostedName };
                changed = true;
            }

            if (m["model_server"] is JsonValue server && (!server.TryGetValue<string>(out var kind) || kind != "openai-compatible"))
            {
                problems.Add(new ValidationProblem(path + "model_server", "Sluice calls self-hosted models through their OpenAI-compatible API: model_server must be openai-compatible"));
            }

            if (m["url"] is JsonValue u && u.TryGetValue<string>(out var modelUrl))
            {
                if (account.AccountType != ManifestTypes.SelfHostedAccount)
                {
                    problems.Add(new ValidationProblem(path + "url", "url applies to self-hosted models only; set base_url on the account"));
                }
                else if (url is not null && url != modelUrl)
                {
                    problems.Add(new ValidationProblem(path + "url", $"this model's server differs from integrations[0]'s ({url}); Sluice keeps one server per account: put models of another server in an account of their own"));
                }

                url ??= modelUrl;
            }

            if (m["auth_data"] is JsonObject a)
            {
                var modelAuth = ReadAuth(a);
                if (auth is not null && (auth.Type != modelAuth.Type || auth.ApiKey != modelAuth.ApiKey))
                {
                    problems.Add(new ValidationProblem(path + "auth_data", "this model's auth_data differs from another model's; Sluice keeps one key per account: put it in an account of its own"));
                }

                auth ??= modelAuth;
            }
        }

        if (url is not null)
        {
            var baseUrl = WithApiPath(url);
            if (account.BaseUrl is not null && account.BaseUrl != baseUrl)
            {
                problems.Add(new ValidationProblem("base_url", $"base_url and the models' url ({url}) differ; give one"));
            }

            account = account with { BaseUrl = baseUrl };
        }

        if (auth is not null)
        {
            if (account.Auth is not null) problems.Add(new ValidationProblem("auth_data", "auth_data is given on the account and on its models; give it once"));
            account = account with { Auth = auth };
        }

        return changed ? account with { Integrations = updated } : account;
    }

    /// <summary>Account-level or model-level auth_data: <c>bearer_token</c> (TrueFoundry's <c>bearer-auth</c>) is the API key.</summary>
    public static AuthData ReadAuth(JsonObject a) => new(a["type"] is JsonValue t && t.TryGetValue<string>(out var type) ? type : "")
    {
        ApiKey = a["api_key"] is JsonValue k && k.TryGetValue<string>(out var key) ? key
            : a["bearer_token"] is JsonValue b && b.TryGetValue<string>(out var bearer) ? bearer : null,
    };

    /// <summary>
    /// TrueFoundry's url may be the server's root (<c>http://vllm:8000</c>); OpenAI-compatible servers answer under
    /// <c>/v1</c>, so a URL without a path gets it.
    /// </summary>
    public static string WithApiPath(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.AbsolutePath is "" or "/" ? url.TrimEnd('/') + "/v1" : url;
}
