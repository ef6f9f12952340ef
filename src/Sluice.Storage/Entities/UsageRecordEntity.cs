namespace Sluice.Storage.Entities;

/// <summary>A persisted <see cref="Core.Usage.UsageRecord"/>.</summary>
public sealed class UsageRecordEntity
{
    public long Id { get; set; }

    public required string RequestId { get; set; }

    public DateTimeOffset Timestamp { get; set; }

    public required string PrincipalId { get; set; }

    public required string Model { get; set; }

    public required string UpstreamModelId { get; set; }

    public required string Region { get; set; }

    public required string Operation { get; set; }

    public int Status { get; set; }

    public int PromptTokens { get; set; }

    public int CompletionTokens { get; set; }

    public int CachedTokens { get; set; }

    public int CacheWriteTokens { get; set; }

    public int Images { get; set; }

    public decimal CostUsd { get; set; }

    public bool PrivateCost { get; set; }

    public double LatencyMs { get; set; }

    public string? ErrorCode { get; set; }

    /// <summary>For a virtual model: the target (<c>account/model</c>) that served, or that failed last.</summary>
    public string? ResolvedModel { get; set; }

    /// <summary>Upstream attempts the call took (retries and fallbacks included); 1 for a real model.</summary>
    public int Attempts { get; set; } = 1;
}
