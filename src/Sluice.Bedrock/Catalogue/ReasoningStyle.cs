namespace Sluice.Bedrock.Catalogue;

/// <summary>How a model is asked to reason through Converse's <c>additionalModelRequestFields</c>.</summary>
public enum ReasoningStyle
{
    /// <summary>The model cannot reason on request.</summary>
    None,

    /// <summary>Anthropic extended thinking: <c>{"thinking":{"type":"enabled","budget_tokens":N}}</c>.</summary>
    Anthropic,

    /// <summary>Amazon Nova 2: <c>{"reasoningConfig":{"type":"enabled","maxReasoningEffort":"low|medium|high"}}</c>.</summary>
    Nova,
}
