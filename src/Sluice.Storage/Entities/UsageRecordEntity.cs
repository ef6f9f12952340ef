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

    public decimal? CostUsd { get; set; }

    public bool PrivateCost { get; set; }

    public double LatencyMs { get; set; }

    public string? ErrorCode { get; set; }

    /// <summary>The scope that priced the call (<c>us-east-1</c>, <c>geo:eu</c>, <c>global</c>, <c>us-gov</c>, <c>private</c>).</summary>
    public string? PriceScope { get; set; }
}
