using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Bedrock.Catalogue;
using Sluice.Bedrock.Models;
using Sluice.Core.Pricing;
using Sluice.Core.Providers;
using Sluice.Gateway.Manifests;

namespace Sluice.Gateway.Admin;

/// <summary>
/// <c>GET /api/v1/catalogue/bedrock[?region=]</c>: the built-in Bedrock catalogue (public prices by scope,
/// capabilities, where a model needs an inference profile and the advice to give), for any authenticated admin-API
/// caller. With <c>region</c>, only the models that region offers, each with <c>call_id</c> (the plain ID, or the
/// geographic or <c>global.</c> profile to call it by there) and <c>price</c> at that ID's scope.
/// </summary>
public static class CatalogueEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1").AddEndpointFilter<AdminAuthFilter>();
        api.MapGet("/catalogue/bedrock", (HttpContext http, string? region) =>
        {
            if (!string.IsNullOrEmpty(region) && !BedrockRegions.IsKnown(region))
            {
                var nearest = BedrockRegions.Nearest(region);
                return AdminJson.ProblemsAsync(http, [new ValidationProblem("region", nearest is null
                    ? $"unknown region \"{region}\""
                    : $"unknown region \"{region}\"; did you mean \"{nearest}\"?", nearest)]);
            }

            return AdminJson.WriteAsync(http, 200, w => Write(w, region));
        });
    }

    private static void Write(Utf8JsonWriter w, string? region)
    {
        w.WriteStartObject();
        w.WriteStartArray("regions");
        foreach (var r in BedrockRegions.All)
        {
            w.WriteStringValue(r);
        }

        w.WriteEndArray();
        w.WriteString("generated", BedrockCatalogue.Generated);
        w.WriteStartArray("sources");
        foreach (var (id, title, url, retrieved) in BedrockCatalogue.Sources)
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("title", title);
            w.WriteString("url", url);
            w.WriteString("retrieved", retrieved);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("data");
        foreach (var m in BedrockCatalogue.All)
        {
            if (string.IsNullOrEmpty(region))
            {
                WriteModel(w, m, null, null);
            }
            else if (m.CallIdIn(region) is { } callId)
            {
                WriteModel(w, m, region, callId);
            }
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteModel(Utf8JsonWriter w, BedrockModelInfo m, string? region, string? callId)
    {
        w.WriteStartObject();
        w.WriteString("model_id", m.ModelId);
        if (callId is not null)
        {
            w.WriteString("call_id", callId);
        }
        else
        {
            // Without a region, the ID to call the model by in each region that offers it, for the UI's picker.
            w.WriteStartObject("call_ids");
            foreach (var r in BedrockRegions.All)
            {
                if (m.CallIdIn(r) is { } id)
                {
                    w.WriteString(r, id);
                }
            }

            w.WriteEndObject();
        }

        w.WriteBoolean("legacy", m.Legacy);
        w.WriteString("display_name", m.DisplayName);
        w.WriteString("provider", m.Provider);
        w.WriteStartArray("types");
        if ((m.Types & ModelType.Chat) != 0) w.WriteStringValue("text");
        if ((m.Types & ModelType.Embedding) != 0) w.WriteStringValue("embedding");
        if ((m.Types & ModelType.Image) != 0) w.WriteStringValue("image");
        if ((m.Types & ModelType.Rerank) != 0) w.WriteStringValue("rerank");
        w.WriteEndArray();

        // Without a region: the in-region price (the usual one) as "price"; every scope under "prices".
        var scope = callId is not null && region is not null ? PriceScope.Of(callId, region) : null;
        var price = scope is null ? m.Price?.Find("in-region") ?? m.Price?.Scopes[0] : m.Price?.For(scope);
        if (scope is not null)
        {
            w.WriteString("price_scope", scope.Name);
        }

        w.WritePropertyName("price");
        CataloguePriceWriter.Write(w, price);
        w.WriteStartArray("prices");
        foreach (var p in m.Price?.Scopes ?? [])
        {
            CataloguePriceWriter.Write(w, p);
        }

        w.WriteEndArray();

        w.WriteStartObject("capabilities");
        w.WriteBoolean("tools", m.Capabilities.Tools);
        w.WriteBoolean("images", m.Capabilities.Images);
        w.WriteBoolean("streaming", m.Capabilities.Streaming);
        w.WriteBoolean("prompt_caching", m.Capabilities.PromptCaching);
        w.WriteNumber("cache_min_tokens", m.Capabilities.CacheMinTokens);
        w.WriteNumber("cache_max_checkpoints", m.Capabilities.CacheMaxCheckpoints);
        w.WriteString("reasoning", m.Capabilities.Reasoning switch
        {
            ReasoningStyle.Anthropic => "anthropic",
            ReasoningStyle.Nova => "nova",
            _ => "none",
        });
        w.WriteEndObject();

        WriteStrings(w, "on_demand_regions", m.OnDemandRegions);
        WriteStrings(w, "profile_only_regions", m.ProfileOnlyRegions);
        WriteStrings(w, "geo_profiles", m.GeoProfiles);
        WriteStrings(w, "sources", m.Sources);
        w.WriteString("notes", m.Notes);

        // One entry per region where the plain ID fails: what to tell the user and which profile IDs to use.
        w.WriteStartArray("profile_only_advice");
        foreach (var r in m.ProfileOnlyRegions)
        {
            if (region is not null && !string.Equals(r, region, StringComparison.Ordinal))
            {
                continue;
            }

            var advice = BedrockCatalogue.Advise(m.ModelId, r);
            w.WriteStartObject();
            w.WriteString("region", r);
            w.WriteString("message", advice.Message);
            WriteStrings(w, "suggested_profile_ids", advice.SuggestedProfileIds);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }
}
