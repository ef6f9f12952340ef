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

    /// <summary>For unknown models whose ID names an Anthropic model: as <see cref="Permissive"/>, with Claude's tool_choice.</summary>
    public static readonly BedrockCapabilities PermissiveAnthropic = Permissive with { DisableParallelToolUse = true };

    /// <summary>
    /// The model can be held to one tool call per turn (<c>parallel_tool_calls: false</c>) through Anthropic's
    /// <c>tool_choice.disable_parallel_tool_use</c> in <c>additionalModelRequestFields</c>; only Claude models can.
    /// </summary>
    public bool DisableParallelToolUse { get; init; }

    /// <summary>The model accepts Converse <c>cachePoint</c> blocks.</summary>
    public bool PromptCaching { get; init; }

    /// <summary>The fewest tokens a cache checkpoint must cover.</summary>
    public int CacheMinTokens { get; init; }

    /// <summary>The most cache checkpoints one request may hold.</summary>
    public int CacheMaxCheckpoints { get; init; }

    /// <summary>The model accepts a 1-hour cache TTL.</summary>
    public bool CacheTtl1h { get; init; }

    /// <summary>Embedding and image models.</summary>
    public static readonly BedrockCapabilities NonChat = new(false, false, ReasoningStyle.None, false);
}
