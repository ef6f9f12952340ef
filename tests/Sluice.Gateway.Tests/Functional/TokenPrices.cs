using System.Text.Json;

namespace Sluice.Gateway.Tests.Functional;

/// <summary>
/// Token prices as a person reads them off the catalogue file (USD per 1M tokens, or per 1K for a private cost), and
/// the cost of a usage record at those prices, worked out the long way.
/// </summary>
internal sealed record TokenPrices(decimal? Input, decimal? Output, decimal? CacheRead, decimal? CacheWrite, TokenPrices? LongContext,
    int LongContextAbove = int.MaxValue, bool PerThousand = false, decimal PerRequest = 0)
{
    public decimal? Cost(JsonElement record)
    {
        var prompt = record.GetProperty("prompt_tokens").GetInt32();
        var output = record.GetProperty("completion_tokens").GetInt32();
        var cacheRead = record.GetProperty("cached_tokens").GetInt32();
        var cacheWrite = record.GetProperty("cache_write_tokens").GetInt32();
        var uncached = prompt - cacheRead - cacheWrite;

        // Past the threshold the whole request, not only the excess, is billed at the long-context rates.
        var rates = LongContext is not null && prompt > LongContextAbove ? LongContext : this;
        var per = PerThousand ? 1_000m : 1_000_000m;
        decimal total = PerRequest;
        foreach (var (tokens, rate) in new[] { (uncached, rates.Input), (output, rates.Output), (cacheRead, rates.CacheRead), (cacheWrite, rates.CacheWrite) })
        {
            if (tokens == 0)
            {
                continue;
            }

            if (rate is null)
            {
                return null;
            }

            total += tokens * rate.Value / per;
        }

        return total;
    }
}
