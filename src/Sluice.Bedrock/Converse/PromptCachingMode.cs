namespace Sluice.Bedrock.Converse;

/// <summary>A model's <c>prompt_caching</c> setting: where Converse cache points come from.</summary>
public enum PromptCachingMode
{
    /// <summary>Only where the caller put <c>cache_control</c> markers (the default).</summary>
    Explicit,

    /// <summary>The caller's markers, plus points after the tools, the system prompt and the latest turn.</summary>
    Auto,

    /// <summary>Never: the caller's markers are dropped too.</summary>
    Off,
}
