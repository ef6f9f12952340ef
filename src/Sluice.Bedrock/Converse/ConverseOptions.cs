using Sluice.Bedrock.Catalogue;

namespace Sluice.Bedrock.Converse;

/// <summary>What the request writer needs to know about the target model (from the catalogue).</summary>
/// <param name="ModelId">The model's ID as users know it, used in error messages.</param>
public sealed record ConverseOptions(string ModelId, BedrockCapabilities Capabilities)
{
    /// <summary>Where cache points come from; they are only ever sent when the model supports prompt caching.</summary>
    public PromptCachingMode PromptCaching { get; init; }

    /// <summary>
    /// Options for a model the catalogue does not know: nothing is refused up front, and an ID that names an
    /// Anthropic model (e.g. a newer Claude or its profile) gets Claude's request fields.
    /// </summary>
    public static ConverseOptions Permissive(string modelId, PromptCachingMode caching = PromptCachingMode.Explicit) => new(modelId,
        modelId.Contains("anthropic.", StringComparison.Ordinal) ? BedrockCapabilities.PermissiveAnthropic : BedrockCapabilities.Permissive)
    {
        PromptCaching = caching,
    };
}
