using System.Text.Json.Serialization;

namespace Sluice.Bedrock.Catalogue;

// The shape of bedrock-catalogue.json, as scripts/catalogue/generate.mjs writes it; read once by BedrockCatalogueLoader.
internal sealed record CatalogueFile(
    [property: JsonPropertyName("generated")] string Generated,
    [property: JsonPropertyName("sources")] List<CatalogueSource> Sources,
    [property: JsonPropertyName("models")] List<CatalogueModel> Models);

internal sealed record CatalogueSource(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("retrieved")] string? Retrieved);

internal sealed record CatalogueModel(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("provider")] string Provider,
    [property: JsonPropertyName("types")] List<string> Types,
    [property: JsonPropertyName("legacy")] bool Legacy,
    [property: JsonPropertyName("invoke")] string Invoke,
    [property: JsonPropertyName("context_window")] int? ContextWindow,
    [property: JsonPropertyName("max_output")] int? MaxOutput,
    [property: JsonPropertyName("capabilities")] CatalogueCapabilities Capabilities,
    [property: JsonPropertyName("on_demand_regions")] List<string> OnDemandRegions,
    [property: JsonPropertyName("profiles")] List<CatalogueProfile> Profiles,
    [property: JsonPropertyName("profile_only_regions")] List<string> ProfileOnlyRegions,
    [property: JsonPropertyName("prices")] List<CataloguePrice> Prices,
    [property: JsonPropertyName("price_unknown")] bool PriceUnknown,
    [property: JsonPropertyName("source")] List<string> Source,
    [property: JsonPropertyName("notes")] string? Notes);

internal sealed record CatalogueCapabilities(
    [property: JsonPropertyName("tools")] bool Tools,
    [property: JsonPropertyName("streaming")] bool Streaming,
    [property: JsonPropertyName("streaming_tools")] bool StreamingTools,
    [property: JsonPropertyName("vision")] bool Vision,
    [property: JsonPropertyName("documents")] bool Documents,
    [property: JsonPropertyName("reasoning")] string Reasoning,
    [property: JsonPropertyName("disable_parallel_tool_use")] bool DisableParallelToolUse,
    [property: JsonPropertyName("prompt_caching")] CatalogueCaching? PromptCaching,
    [property: JsonPropertyName("anthropic_messages")] CatalogueAnthropicMessages? AnthropicMessages = null);

internal sealed record CatalogueAnthropicMessages(
    [property: JsonPropertyName("betas")] List<string> Betas,
    [property: JsonPropertyName("count_tokens")] bool CountTokens);

internal sealed record CatalogueCaching(
    [property: JsonPropertyName("min_tokens")] int MinTokens,
    [property: JsonPropertyName("max_checkpoints")] int MaxCheckpoints,
    [property: JsonPropertyName("ttl_1h")] bool Ttl1h);

internal sealed record CatalogueProfile(
    [property: JsonPropertyName("prefix")] string Prefix,
    [property: JsonPropertyName("source_regions")] List<string> SourceRegions,
    [property: JsonPropertyName("destination_regions")] List<string> DestinationRegions);

internal sealed record CatalogueTokenRates(
    [property: JsonPropertyName("above_input_tokens")] int AboveInputTokens,
    [property: JsonPropertyName("input")] decimal? Input,
    [property: JsonPropertyName("output")] decimal? Output,
    [property: JsonPropertyName("cache_read")] decimal? CacheRead,
    [property: JsonPropertyName("cache_write_5m")] decimal? CacheWrite5m,
    [property: JsonPropertyName("cache_write_1h")] decimal? CacheWrite1h);

internal sealed record CatalogueImagePrice(
    [property: JsonPropertyName("size")] string Size,
    [property: JsonPropertyName("quality")] string Quality,
    [property: JsonPropertyName("usd")] decimal Usd);

internal sealed record CataloguePrice(
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("input")] decimal? Input,
    [property: JsonPropertyName("output")] decimal? Output,
    [property: JsonPropertyName("cache_read")] decimal? CacheRead,
    [property: JsonPropertyName("cache_write_5m")] decimal? CacheWrite5m,
    [property: JsonPropertyName("cache_write_1h")] decimal? CacheWrite1h,
    [property: JsonPropertyName("long_context")] CatalogueTokenRates? LongContext,
    [property: JsonPropertyName("per_image")] List<CatalogueImagePrice>? PerImage,
    [property: JsonPropertyName("per_1k_queries")] decimal? PerThousandQueries,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("figure_sources")] Dictionary<string, string>? FigureSources);

[JsonSourceGenerationOptions(AllowTrailingCommas = false, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(CatalogueFile))]
internal sealed partial class CatalogueJsonContext : JsonSerializerContext;
