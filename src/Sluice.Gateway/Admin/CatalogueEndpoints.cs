using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Bedrock.Catalogue;
using Sluice.Bedrock.Models;
using Sluice.Core.Providers;

namespace Sluice.Gateway.Admin;

/// <summary>
/// <c>GET /api/v1/catalogue/bedrock[?region=]</c>: the built-in Bedrock catalogue (public prices, capabilities, where a
/// model needs an inference profile and the advice to give), for any authenticated admin-API caller. With
/// <c>region</c>, the advice covers that region only.
/// </summary>
public static class CatalogueEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1").AddEndpointFilter<AdminAuthFilter>();
        api.MapGet("/catalogue/bedrock", (HttpContext http, string? region) => AdminJson.WriteAsync(http, 200, w => Write(w, region)));
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
        w.WriteStartArray("data");
        foreach (var m in BedrockCatalogue.All)
        {
            WriteModel(w, m, string.IsNullOrEmpty(region) ? null : region);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteModel(Utf8JsonWriter w, BedrockModelInfo m, string? region)
    {
        w.WriteStartObject();
        w.WriteString("model_id", m.ModelId);
        w.WriteString("display_name", m.DisplayName);
        w.WriteString("provider", m.Provider);
        w.WriteStartArray("types");
        if ((m.Types & ModelType.Chat) != 0) w.WriteStringValue("text");
        if ((m.Types & ModelType.Embedding) != 0) w.WriteStringValue("embedding");
        if ((m.Types & ModelType.Image) != 0) w.WriteStringValue("image");
        w.WriteEndArray();

        w.WriteStartObject("price");
        w.WriteNumber("input_per_million", m.Price.InputPerMillion);
        w.WriteNumber("output_per_million", m.Price.OutputPerMillion);
        w.WriteNumber("cache_read_per_million", m.Price.CacheReadPerMillion);
        w.WriteNumber("cache_write_per_million", m.Price.CacheWritePerMillion);
        w.WriteNumber("per_image", m.Price.PerImage);
        w.WriteEndObject();

        w.WriteStartObject("capabilities");
        w.WriteBoolean("tools", m.Capabilities.Tools);
        w.WriteBoolean("images", m.Capabilities.Images);
        w.WriteBoolean("streaming", m.Capabilities.Streaming);
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
