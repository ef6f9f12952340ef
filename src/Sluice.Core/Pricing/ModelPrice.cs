namespace Sluice.Core.Pricing;

/// <summary>
/// Prices in USD per 1,000,000 tokens (and per image). <see cref="IsPrivate"/> is true when the account set its
/// own cost, which replaces the catalogue's public price.
/// </summary>
public sealed record ModelPrice(
    decimal InputPerMillion,
    decimal OutputPerMillion,
    decimal CacheReadPerMillion = 0,
    decimal CacheWritePerMillion = 0,
    decimal PerImage = 0,
    bool IsPrivate = false)
{
    public static readonly ModelPrice Unknown = new(0, 0);

    /// <summary>Cost of one call. <paramref name="promptTokens"/> includes cached tokens, as in OpenAI's usage.</summary>
    public decimal Cost(int promptTokens, int completionTokens, int cachedTokens = 0, int cacheWriteTokens = 0, int images = 0)
    {
        var uncached = Math.Max(0, promptTokens - cachedTokens - cacheWriteTokens);
        return (uncached * InputPerMillion
                + cachedTokens * CacheReadPerMillion
                + cacheWriteTokens * CacheWritePerMillion
                + completionTokens * OutputPerMillion) / 1_000_000m
               + images * PerImage;
    }
}
