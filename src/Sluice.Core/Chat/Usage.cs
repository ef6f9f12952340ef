namespace Sluice.Core.Chat;

/// <summary>
/// Token counts per OpenAI's convention: <see cref="PromptTokens"/> includes cached tokens, and
/// <see cref="CachedTokens"/> says how many of them were read from the cache. <see cref="ReasoningTokens"/> (part of
/// <see cref="CompletionTokens"/>) is null when the upstream does not say, which Bedrock Converse never does.
/// <see cref="CacheWriteTokens"/> (also part of <see cref="PromptTokens"/>) counts tokens written to the cache, of
/// which <see cref="CacheWrite1hTokens"/> were written with the one-hour TTL (priced higher than five-minute writes).
/// </summary>
public sealed record Usage(int PromptTokens, int CompletionTokens, int CachedTokens = 0, int CacheWriteTokens = 0, int? ReasoningTokens = null)
{
    /// <summary>
    /// A successful answer whose upstream reported no usage (some OpenAI-compatible servers): zero counts that must
    /// not be priced as a free call; the usage record leaves its cost unknown.
    /// </summary>
    public static Usage NotReported { get; } = new(0, 0) { Reported = false };

    /// <summary>False only for <see cref="NotReported"/>: the counts are not the upstream's.</summary>
    public bool Reported { get; init; } = true;

    /// <summary>The part of <see cref="CacheWriteTokens"/> written with a one-hour TTL.</summary>
    public int CacheWrite1hTokens { get; init; }

    /// <summary>Input tokens neither read from nor written to the cache.</summary>
    public int UncachedPromptTokens => PromptTokens - CachedTokens - CacheWriteTokens;

    public int TotalTokens => PromptTokens + CompletionTokens;
}
