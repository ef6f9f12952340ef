namespace Sluice.Core.Pricing;

/// <summary>Prices one call from a private cost or the public price of the scope that served it.</summary>
public static class CostCalculator
{
    private const decimal Million = 1_000_000m;
    private const decimal Thousand = 1_000m;

    /// <summary>
    /// The cost of a call made with <paramref name="calledId"/> from <paramref name="region"/>. A private cost wins;
    /// otherwise the public price of the call's scope. Unknown (null) when no price covers the scope or a dimension
    /// the call used (cache writes, images of a size the catalogue does not list...): a guess would read as a real bill.
    /// </summary>
    public static PricedCost Price(PrivateCost? privateCost, ModelPricing? pricing, string calledId, string region, in CallUsage usage)
    {
        if (privateCost is not null)
        {
            return new PricedCost(Private(privateCost, usage), PriceScope.Private);
        }

        var scope = PriceScope.Of(calledId, region);
        var price = pricing?.For(scope);
        return new PricedCost(price is null ? null : Public(price, usage), scope.Name);
    }

    /// <summary>The cost of <paramref name="usage"/> at one scope's public prices; null when a used dimension has no price.</summary>
    public static decimal? Public(ScopePrice price, in CallUsage usage)
    {
        var rates = price.Tokens;
        if (price.LongContext is { } tier && usage.PromptTokens > tier.AboveInputTokens)
        {
            rates = tier.Rates.Over(rates);
        }

        var cacheWrite5m = Math.Max(0, usage.CacheWriteTokens - usage.CacheWrite1hTokens);
        var uncached = Math.Max(0, usage.PromptTokens - usage.CacheReadTokens - usage.CacheWriteTokens);
        decimal total = 0;
        if (!Add(ref total, uncached, rates.Input, Million)
            || !Add(ref total, usage.CompletionTokens, rates.Output, Million)
            || !Add(ref total, usage.CacheReadTokens, rates.CacheRead, Million)
            || !Add(ref total, cacheWrite5m, rates.CacheWrite5m, Million)
            || !Add(ref total, usage.CacheWrite1hTokens, rates.CacheWrite1h, Million)
            || !Add(ref total, usage.Queries, price.PerThousandQueries, Thousand))
        {
            return null;
        }

        if (usage.Images > 0)
        {
            if (price.ImagePrice(usage.ImageSize, usage.ImageQuality) is not { } perImage)
            {
                return null;
            }

            total += usage.Images * perImage;
        }

        return total;
    }

    /// <summary>The cost of <paramref name="usage"/> at a private cost; every dimension left out costs nothing.</summary>
    public static decimal Private(PrivateCost cost, in CallUsage usage)
    {
        var uncached = Math.Max(0, usage.PromptTokens - usage.CacheReadTokens - usage.CacheWriteTokens);
        return (uncached * (cost.InputPer1K ?? 0)
                + usage.CompletionTokens * (cost.OutputPer1K ?? 0)
                + usage.CacheReadTokens * (cost.CacheReadPer1K ?? 0)
                + usage.CacheWriteTokens * (cost.CacheWritePer1K ?? 0)) / Thousand
               + usage.Images * (cost.PerImage ?? 0)
               + (usage.Succeeded ? cost.PerRequest ?? 0 : 0);
    }

    // Nothing used costs nothing even without a price; something used without a price makes the whole call unknown.
    private static bool Add(ref decimal total, int units, decimal? rate, decimal per)
    {
        if (units == 0)
        {
            return true;
        }

        if (rate is not { } r)
        {
            return false;
        }

        total += units * r / per;
        return true;
    }
}
