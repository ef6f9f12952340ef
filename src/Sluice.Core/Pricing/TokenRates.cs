namespace Sluice.Core.Pricing;

/// <summary>Token prices in USD per 1,000,000 tokens; null where no source gives the figure.</summary>
public sealed record TokenRates(
    decimal? Input,
    decimal? Output,
    decimal? CacheRead = null,
    decimal? CacheWrite5m = null,
    decimal? CacheWrite1h = null)
{
    /// <summary>This tier's figures, each missing one taken from <paramref name="fallback"/>.</summary>
    public TokenRates Over(TokenRates fallback) => new(
        Input ?? fallback.Input,
        Output ?? fallback.Output,
        CacheRead ?? fallback.CacheRead,
        CacheWrite5m ?? fallback.CacheWrite5m,
        CacheWrite1h ?? fallback.CacheWrite1h);
}
