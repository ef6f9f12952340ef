using Sluice.Core.Access;
using Sluice.Core.Configuration;
using Sluice.Core.Errors;
using Sluice.Core.Providers;

namespace Sluice.Gateway.Pipeline;

/// <summary>Finds the route for a model name and checks the caller may use it for the operation asked.</summary>
public static class ModelResolver
{
    /// <summary>The route, or the 404/403/400 error to answer with.</summary>
    /// <param name="headers">The request's headers, read only when a legacy routing rule matches on metadata.</param>
    public static bool TryResolve(GatewaySnapshot snapshot, Principal principal, string model, ModelType needed,
        out ModelRoute? route, out GatewayError? error, Microsoft.AspNetCore.Http.IHeaderDictionary? headers = null)
    {
        error = null;
        // Legacy gateway-load-balancing-config rules intercept the names they list, real model names included.
        if (snapshot.RoutingRules.Length > 0 && RuleFor(snapshot.RoutingRules, model, principal, headers) is { } rule)
        {
            return TypeMatches(rule.Route, model, needed, out route, out error);
        }

        var aliased = false;
        if (!snapshot.Models.TryGetValue(model, out route))
        {
            // Aliases (Anthropic model names such as claude-sonnet-4-5) come after real and virtual names, so an
            // alias can never hide a model; access is then checked on the model the alias names.
            if (snapshot.Aliases.Count == 0 || !snapshot.Aliases.TryResolve(model, out var target) || !snapshot.Models.TryGetValue(target, out route))
            {
                error = new GatewayError(404, ErrorTypes.NotFound, "model_not_found",
                    $"The model '{CallerText.Quote(model)}' does not exist. Model names have the form 'account/model'; list the models you can call with GET /v1/models.",
                    "model");
                return false;
            }

            if (snapshot.RoutingRules.Length > 0 && RuleFor(snapshot.RoutingRules, target, principal, headers) is { } aliasRule)
            {
                return TypeMatches(aliasRule.Route, model, needed, out route, out error);
            }

            aliased = true;
        }

        if (!ModelAccess.CanCall(principal, route))
        {
            var named = aliased ? $"'{CallerText.Quote(model)}' (an alias of '{route.FullName}')" : $"'{model}'";
            error = new GatewayError(403, ErrorTypes.Permission, "model_access_denied",
                $"You may not call the model {named}. Ask an administrator for the provider-account-access role on the account '{route.Account}', or to be added to the model's authorized subjects.",
                "model");
            route = null;
            return false;
        }

        return TypeMatches(route, model, needed, out route, out error);
    }

    private static Sluice.Core.Routing.RoutingRule? RuleFor(Sluice.Core.Routing.RoutingRule[] rules, string model, Principal principal,
        Microsoft.AspNetCore.Http.IHeaderDictionary? headers)
    {
        IReadOnlyDictionary<string, string>? metadata = null;
        var read = false;
        foreach (var rule in rules)
        {
            if (rule.NeedsMetadata && !read && rule.Models.Contains(model))
            {
                metadata = headers is null ? null : HttpRouteCall.ReadMetadata(headers);
                read = true;
            }

            if (rule.Matches(model, principal, metadata)) return rule;
        }

        return null;
    }

    private static bool TypeMatches(ModelRoute candidate, string model, ModelType needed, out ModelRoute? route, out GatewayError? error)
    {
        if ((candidate.Types & needed) != 0)
        {
            route = candidate;
            error = null;
            return true;
        }

        route = null;
        error = GatewayError.InvalidRequest(
            $"The model '{model}' serves {Describe(candidate.Types)}, not {Describe(needed)}. {Endpoint(candidate.Types)}",
            "model", "model_type_mismatch");
        return false;
    }

    /// <summary>The OpenAI-facing names of a model's types, e.g. <c>chat</c>, <c>embeddings</c>, <c>images</c>.</summary>
    public static void WriteTypes(System.Text.Json.Utf8JsonWriter writer, ModelType types)
    {
        writer.WriteStartArray("types");
        if ((types & ModelType.Chat) != 0) writer.WriteStringValue("chat");
        // The manifest's words (model_types), so a type reads the same in a manifest and in /v1/models.
        if ((types & ModelType.Embedding) != 0) writer.WriteStringValue("embedding");
        if ((types & ModelType.Image) != 0) writer.WriteStringValue("image");
        writer.WriteEndArray();
    }

    private static string Describe(ModelType types) =>
        (types & ModelType.Chat) != 0 ? "chat completions"
        : (types & ModelType.Embedding) != 0 ? "embeddings"
        : (types & ModelType.Image) != 0 ? "image generation"
        : "nothing";

    private static string Endpoint(ModelType types) =>
        (types & ModelType.Chat) != 0 ? "Call it with POST /v1/chat/completions."
        : (types & ModelType.Embedding) != 0 ? "Call it with POST /v1/embeddings."
        : (types & ModelType.Image) != 0 ? "Call it with POST /v1/images/generations."
        : "";
}
