namespace Sluice.Core.Chat;

/// <summary>
/// Token counts per OpenAI's convention: <see cref="PromptTokens"/> includes cached tokens, and
/// <see cref="CachedTokens"/> says how many of them were read from the cache. <see cref="ReasoningTokens"/> (part of
/// <see cref="CompletionTokens"/>) is null when the upstream does not say, which Bedrock Converse never does.
/// </summary>
public sealed record Usage(int PromptTokens, int CompletionTokens, int CachedTokens = 0, int CacheWriteTokens = 0, int? ReasoningTokens = null)
{
    public int TotalTokens => PromptTokens + CompletionTokens;
}
