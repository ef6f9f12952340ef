namespace Sluice.Core.Pricing;

/// <summary>
/// What one call consumed. <see cref="PromptTokens"/> counts every input token (uncached, cache reads and cache
/// writes), as OpenAI's usage does; <see cref="CacheWrite1hTokens"/> is the part of the cache writes with a 1-hour TTL.
/// </summary>
public readonly record struct CallUsage(
    int PromptTokens,
    int CompletionTokens,
    int CacheReadTokens = 0,
    int CacheWriteTokens = 0,
    int CacheWrite1hTokens = 0,
    int Images = 0,
    string? ImageSize = null,
    string? ImageQuality = null,
    int Queries = 0,
    bool Succeeded = true);
