namespace Sluice.Bedrock.Catalogue;

/// <summary>What a Bedrock model accepts, so requests it cannot take are refused with a clear 400.</summary>
public sealed record BedrockCapabilities(
    bool Tools,
    bool Images,
    ReasoningStyle Reasoning,
    bool Streaming)
{
    /// <summary>For models the catalogue does not know: let Bedrock decide.</summary>
    public static readonly BedrockCapabilities Permissive = new(true, true, ReasoningStyle.None, true);

    /// <summary>
    /// For unknown models whose ID names an Anthropic model: as <see cref="Permissive"/>, with Claude's tool_choice
    /// and prompt caching (every Claude Bedrock still serves caches), with the largest minimum any Claude has.
    /// </summary>
    public static readonly BedrockCapabilities PermissiveAnthropic = Permissive with
    {
        DisableParallelToolUse = true,
        PromptCaching = true,
        CacheMinTokens = 4096,
        CacheMaxCheckpoints = 4,
        CacheTools = true,
    };

    /// <summary>
    /// The model can be held to one tool call per turn (<c>parallel_tool_calls: false</c>) through Anthropic's
    /// <c>tool_choice.disable_parallel_tool_use</c> in <c>additionalModelRequestFields</c>; only Claude models can.
    /// </summary>
    public bool DisableParallelToolUse { get; init; }

    /// <summary>The model accepts Converse <c>cachePoint</c> blocks; on other models they are never sent.</summary>
    public bool PromptCaching { get; init; }

    /// <summary>The fewest tokens a cache checkpoint must cover for Bedrock to create it.</summary>
    public int CacheMinTokens { get; init; }

    /// <summary>The most cache checkpoints one request may carry.</summary>
    public int CacheMaxCheckpoints { get; init; }

    /// <summary>Cache checkpoints may ask for the one-hour TTL (<c>ttl: "1h"</c>).</summary>
    public bool CacheTtl1h { get; init; }

    /// <summary>
    /// A checkpoint may follow the tool definitions (<c>toolConfig.tools</c>). Claude models allow it; Nova models
    /// cache only system and messages.
    /// </summary>
    public bool CacheTools { get; init; }

    /// <summary>Embedding and image models.</summary>
    public static readonly BedrockCapabilities NonChat = new(false, false, ReasoningStyle.None, false);
}
