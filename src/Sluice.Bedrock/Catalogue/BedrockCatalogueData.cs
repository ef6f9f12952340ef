using Sluice.Core.Pricing;
using Sluice.Core.Providers;

namespace Sluice.Bedrock.Catalogue;

/// <summary>
/// The built-in table. Prices are LiteLLM's public on-demand figures (USD per 1M tokens, per image) as quoted in
/// bedrock-wire.md §10; region lists are best-effort from public issue threads and fixtures, used only for advice.
/// </summary>
internal static class BedrockCatalogueData
{
    private static readonly string[] None = [];
    private static readonly string[] UsEast1 = ["us-east-1"];
    private static readonly string[] UsWest2 = ["us-west-2"];
    private static readonly string[] UsEast = ["us-east-1", "us-east-2"];
    private static readonly string[] UsAll = ["us-east-1", "us-east-2", "us-west-2"];
    private static readonly string[] UsEastAndWest = ["us-east-1", "us-west-2"];
    private static readonly string[] ClassicClaudeRegions = ["us-east-1", "us-west-2", "eu-central-1", "eu-west-3", "ap-northeast-1", "ap-southeast-2", "ap-south-1"];
    private static readonly string[] ProfileOnlyEverywhere = ["us-east-1", "us-east-2", "us-west-2", "eu-central-1", "eu-west-1", "eu-west-3", "eu-north-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ca-central-1"];
    private static readonly string[] NovaProfileOnly = ["us-east-2", "us-west-2", "eu-central-1", "eu-west-1", "eu-west-3", "eu-north-1", "ap-northeast-1", "ap-southeast-1", "ap-southeast-2"];
    private static readonly string[] EmbedRegions = ["us-east-1", "us-east-2", "us-west-2", "eu-central-1", "eu-west-1", "eu-west-2", "ap-northeast-1", "ap-southeast-2", "ca-central-1"];

    private static readonly string[] UsEuApac = ["us", "eu", "apac"];
    private static readonly string[] UsApac = ["us", "apac"];
    private static readonly string[] Us = ["us"];
    private static readonly string[] UsEuApacGlobal = ["us", "eu", "apac", "global"];
    private static readonly string[] NewClaudeGeos = ["us", "eu", "apac", "jp", "au", "global"];
    private static readonly string[] UsGlobal = ["us", "global"];

    private static readonly BedrockCapabilities ClaudeVision = new(Tools: true, Images: true, ReasoningStyle.None, Streaming: true) { DisableParallelToolUse = true };
    private static readonly BedrockCapabilities ClaudeText = new(Tools: true, Images: false, ReasoningStyle.None, Streaming: true) { DisableParallelToolUse = true };
    private static readonly BedrockCapabilities ClaudeThinking = new(Tools: true, Images: true, ReasoningStyle.Anthropic, Streaming: true) { DisableParallelToolUse = true };
    private static readonly BedrockCapabilities NovaVision = new(Tools: true, Images: true, ReasoningStyle.None, Streaming: true);
    private static readonly BedrockCapabilities NovaText = new(Tools: true, Images: false, ReasoningStyle.None, Streaming: true);
    private static readonly BedrockCapabilities Nova2 = new(Tools: true, Images: true, ReasoningStyle.Nova, Streaming: true);
    private static readonly BedrockCapabilities Llama = new(Tools: true, Images: false, ReasoningStyle.None, Streaming: true);
    private static readonly BedrockCapabilities Mistral = new(Tools: true, Images: false, ReasoningStyle.None, Streaming: true);

    // Prompt caching per AWS's "Prompt caching for faster model inference" (supported models table) and Anthropic's
    // minimum cacheable lengths: Claude caches system, messages and tools; Nova caches system and messages only.
    // The one-hour TTL is offered for Claude Sonnet 4.5, Haiku 4.5 and Opus 4.5 only. Claude 3.5 Sonnet v2 was a
    // preview for some accounts only, so it is left without caching (a cachePoint could fail every call there).
    private static BedrockCapabilities Caching(BedrockCapabilities caps, int minTokens, bool ttl1h = false) => caps with
    {
        PromptCaching = true,
        CacheMinTokens = minTokens,
        CacheMaxCheckpoints = 4,
        CacheTtl1h = ttl1h,
        CacheTools = caps.DisableParallelToolUse,
    };

    public static BedrockModelInfo[] Build() =>
    [
        Chat("anthropic.claude-3-haiku-20240307-v1:0", "Claude 3 Haiku", "Anthropic", Tokens(0.25m, 1.25m, 0.025m, 0.3125m), ClaudeVision, ClassicClaudeRegions, None, UsEuApac),
        Chat("anthropic.claude-3-5-haiku-20241022-v1:0", "Claude 3.5 Haiku", "Anthropic", Tokens(0.80m, 4.00m, 0.08m, 1.00m), Caching(ClaudeText, 2048), UsWest2, UsEast, Us),
        Chat("anthropic.claude-3-5-sonnet-20240620-v1:0", "Claude 3.5 Sonnet", "Anthropic", Tokens(3m, 15m, 0.30m, 3.75m), ClaudeVision, ClassicClaudeRegions, None, UsEuApac),
        Chat("anthropic.claude-3-5-sonnet-20241022-v2:0", "Claude 3.5 Sonnet v2", "Anthropic", Tokens(3m, 15m, 0.30m, 3.75m), ClaudeVision, UsWest2, UsEast, UsApac),
        Chat("anthropic.claude-3-7-sonnet-20250219-v1:0", "Claude 3.7 Sonnet", "Anthropic", Tokens(3m, 15m, 0.30m, 3.75m), Caching(ClaudeThinking, 1024), None, ProfileOnlyEverywhere, UsEuApac),
        Chat("anthropic.claude-sonnet-4-20250514-v1:0", "Claude Sonnet 4", "Anthropic", Tokens(3m, 15m, 0.30m, 3.75m), Caching(ClaudeThinking, 1024), None, ProfileOnlyEverywhere, UsEuApacGlobal),
        Chat("anthropic.claude-sonnet-4-5-20250929-v1:0", "Claude Sonnet 4.5", "Anthropic", Tokens(3m, 15m, 0.30m, 3.75m), Caching(ClaudeThinking, 1024, ttl1h: true), None, ProfileOnlyEverywhere, NewClaudeGeos),
        Chat("anthropic.claude-opus-4-20250514-v1:0", "Claude Opus 4", "Anthropic", Tokens(15m, 75m, 1.50m, 18.75m), Caching(ClaudeThinking, 1024), None, ProfileOnlyEverywhere, Us),
        Chat("anthropic.claude-opus-4-1-20250805-v1:0", "Claude Opus 4.1", "Anthropic", Tokens(15m, 75m, 1.50m, 18.75m), Caching(ClaudeThinking, 1024), None, ProfileOnlyEverywhere, Us),
        Chat("anthropic.claude-haiku-4-5-20251001-v1:0", "Claude Haiku 4.5", "Anthropic", Tokens(1m, 5m, 0.10m, 1.25m), Caching(ClaudeThinking, 4096, ttl1h: true), None, ProfileOnlyEverywhere, NewClaudeGeos),
        Chat("amazon.nova-micro-v1:0", "Nova Micro", "Amazon", Tokens(0.035m, 0.14m), Caching(NovaText, 1000), UsEast1, NovaProfileOnly, UsEuApac),
        Chat("amazon.nova-lite-v1:0", "Nova Lite", "Amazon", Tokens(0.06m, 0.24m), Caching(NovaVision, 1000), UsEast1, NovaProfileOnly, UsEuApac),
        Chat("amazon.nova-pro-v1:0", "Nova Pro", "Amazon", Tokens(0.80m, 3.20m), Caching(NovaVision, 1000), UsEast1, NovaProfileOnly, UsEuApac),
        Chat("amazon.nova-premier-v1:0", "Nova Premier", "Amazon", Tokens(2.50m, 12.50m), Caching(NovaVision, 1000), None, UsAll, Us),
        // Not in §10's table: Nova 2 Lite is the model with Nova-style reasoning; price is AWS's launch list price (UNVERIFIED).
        Chat("amazon.nova-2-lite-v1:0", "Nova 2 Lite", "Amazon", Tokens(0.30m, 2.50m), Nova2, None, ProfileOnlyEverywhere, UsGlobal),
        Chat("meta.llama3-1-8b-instruct-v1:0", "Llama 3.1 8B Instruct", "Meta", Tokens(0.22m, 0.22m), Llama, UsWest2, UsEast, Us),
        Chat("meta.llama3-1-70b-instruct-v1:0", "Llama 3.1 70B Instruct", "Meta", Tokens(0.99m, 0.99m), Llama, UsWest2, UsEast, Us),
        Chat("meta.llama3-3-70b-instruct-v1:0", "Llama 3.3 70B Instruct", "Meta", Tokens(0.72m, 0.72m), Llama, None, UsAll, Us),
        Chat("mistral.mistral-large-2402-v1:0", "Mistral Large (24.02)", "Mistral AI", Tokens(8m, 24m), Mistral, ["us-east-1", "us-west-2", "eu-west-3", "ap-southeast-2", "ca-central-1"], None, None),
        Chat("mistral.mistral-large-2407-v1:0", "Mistral Large 2 (24.07)", "Mistral AI", Tokens(3m, 9m), Mistral, UsWest2, None, None),

        Other("amazon.titan-embed-text-v1", "Titan Text Embeddings G1", "Amazon", ModelType.Embedding, Tokens(0.10m, 0m), BedrockInvokeFamily.TitanEmbedV1, EmbedRegions),
        Other("amazon.titan-embed-text-v2:0", "Titan Text Embeddings V2", "Amazon", ModelType.Embedding, Tokens(0.02m, 0m), BedrockInvokeFamily.TitanEmbedV2, EmbedRegions),
        Other("cohere.embed-english-v3", "Cohere Embed English v3", "Cohere", ModelType.Embedding, Tokens(0.10m, 0m), BedrockInvokeFamily.CohereEmbedV3, EmbedRegions),
        Other("cohere.embed-multilingual-v3", "Cohere Embed Multilingual v3", "Cohere", ModelType.Embedding, Tokens(0.10m, 0m), BedrockInvokeFamily.CohereEmbedV3, EmbedRegions),

        Other("amazon.titan-image-generator-v2:0", "Titan Image Generator v2", "Amazon", ModelType.Image, PerImage(0.008m), BedrockInvokeFamily.AmazonImage, UsEastAndWest),
        Other("amazon.nova-canvas-v1:0", "Nova Canvas", "Amazon", ModelType.Image, PerImage(0.06m), BedrockInvokeFamily.AmazonImage, ["us-east-1", "eu-west-1", "ap-northeast-1"]),
        Other("stability.sd3-5-large-v1:0", "Stable Diffusion 3.5 Large", "Stability AI", ModelType.Image, PerImage(0.08m), BedrockInvokeFamily.StabilityImage, UsWest2),
        Other("stability.stable-image-ultra-v1:0", "Stable Image Ultra", "Stability AI", ModelType.Image, PerImage(0.14m), BedrockInvokeFamily.StabilityImage, UsWest2),
        Other("stability.stable-image-core-v1:0", "Stable Image Core", "Stability AI", ModelType.Image, PerImage(0.04m), BedrockInvokeFamily.StabilityImage, UsWest2),
    ];

    private static ModelPrice Tokens(decimal input, decimal output, decimal cacheRead = 0, decimal cacheWrite = 0) =>
        new(input, output, cacheRead, cacheWrite);

    private static ModelPrice PerImage(decimal price) => new(0, 0, PerImage: price);

    private static BedrockModelInfo Chat(string id, string name, string provider, ModelPrice price, BedrockCapabilities caps,
        string[] onDemand, string[] profileOnly, string[] geos) =>
        new(id, name, provider, ModelType.Chat, price, caps, BedrockInvokeFamily.Converse, onDemand, profileOnly, geos);

    private static BedrockModelInfo Other(string id, string name, string provider, ModelType type, ModelPrice price,
        BedrockInvokeFamily family, string[] onDemand) =>
        new(id, name, provider, type, price, BedrockCapabilities.NonChat, family, onDemand, None, None);
}
