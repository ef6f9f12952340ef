namespace Sluice.Storage.Entities;

/// <summary>A persisted <see cref="Core.Usage.UsageRecord"/>.</summary>
public sealed class UsageRecordEntity
{
    public long Id { get; set; }

    public required string RequestId { get; set; }

    public DateTimeOffset Timestamp { get; set; }

    /// <summary>The timestamp in Unix milliseconds: comparable and indexable in SQL on every provider (SQLite cannot compare DateTimeOffset).</summary>
    public long UnixMs { get; set; }

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

    /// <summary>Null when the call could not be priced.</summary>
    public decimal? CostUsd { get; set; }

    public bool PrivateCost { get; set; }

    public double LatencyMs { get; set; }

    public string? ErrorCode { get; set; }

    public string Account { get; set; } = "";

    public string? PriceScope { get; set; }

    /// <summary>Team names, sorted and comma-separated.</summary>
    public string? Teams { get; set; }

    public string? ApiKeyId { get; set; }

    public string? VirtualAccount { get; set; }

    public double? TimeToFirstTokenMs { get; set; }

    /// <summary>The OpenAI <c>user</c> field.</summary>
    public string? EndUser { get; set; }

    /// <summary>Compact JSON object of string values, keys sorted.</summary>
    public string? Metadata { get; set; }

    /// <summary>For a virtual model: the target (<c>account/model</c>) that served, or that failed last.</summary>
    public string? ResolvedModel { get; set; }

    /// <summary>Upstream attempts the call took (retries and fallbacks included); 1 for a real model.</summary>
    public int Attempts { get; set; } = 1;
}
