namespace Sluice.Bedrock.Provider;

/// <summary>One configured model: a model ID, profile ID or ARN, and an optional region overriding the account's.</summary>
public sealed record BedrockModelSettings(string ModelId, string? Region)
{
    /// <summary>The model's <c>prompt_caching</c>: where Converse cache points come from.</summary>
    public Converse.PromptCachingMode PromptCaching { get; init; }
}
