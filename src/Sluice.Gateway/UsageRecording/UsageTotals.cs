using Sluice.Core.Usage;

namespace Sluice.Gateway.UsageRecording;

/// <summary>Sums over usage records: one rollup row while writing, one summary group while reading.</summary>
internal sealed class UsageTotals
{
    public long Requests;
    public long Errors;
    public long PromptTokens;
    public long CompletionTokens;
    public long CachedTokens;
    public long CacheWriteTokens;
    public long Images;
    public decimal CostUsd;
    public long UnknownCost;
    public readonly LatencyHistogram Latency = new();
    public readonly LatencyHistogram TimeToFirstToken = new();

    public static bool IsError(int status) => status >= 400;

    public void Add(UsageRecord r) =>
        Add(r.Status, r.PromptTokens, r.CompletionTokens, r.CachedTokens, r.CacheWriteTokens, r.Images, r.CostUsd, r.LatencyMs, r.TimeToFirstTokenMs);

    public void Add(int status, long prompt, long completion, long cached, long cacheWrite, long images, decimal? cost, double latencyMs, double? ttftMs)
    {
        Requests++;
        if (IsError(status)) Errors++;
        PromptTokens += prompt;
        CompletionTokens += completion;
        CachedTokens += cached;
        CacheWriteTokens += cacheWrite;
        Images += images;
        if (cost is { } c) CostUsd += c;
        else UnknownCost++;
        Latency.Add(latencyMs);
        if (ttftMs is { } t) TimeToFirstToken.Add(t);
    }

    /// <summary>Adds a stored rollup row's sums (its histograms encoded).</summary>
    public void Add(int status, long requests, long prompt, long completion, long cached, long cacheWrite, long images, decimal cost, long unknownCost,
        ReadOnlySpan<byte> latency, ReadOnlySpan<byte> ttft)
    {
        Requests += requests;
        if (IsError(status)) Errors += requests;
        PromptTokens += prompt;
        CompletionTokens += completion;
        CachedTokens += cached;
        CacheWriteTokens += cacheWrite;
        Images += images;
        CostUsd += cost;
        UnknownCost += unknownCost;
        Latency.Add(latency);
        TimeToFirstToken.Add(ttft);
    }
}
