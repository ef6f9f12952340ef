namespace Sluice.Core.Usage;

/// <summary>One priced call, emitted off the request path and written to the store in batches.</summary>
public sealed record UsageRecord(
    string RequestId,
    DateTimeOffset Timestamp,
    string PrincipalId,
    string Model,
    string UpstreamModelId,
    string Region,
    string Operation,
    int Status,
    int PromptTokens,
    int CompletionTokens,
    int CachedTokens,
    int CacheWriteTokens,
    int Images,
    decimal CostUsd,
    bool PrivateCost,
    double LatencyMs,
    string? ErrorCode,
    string? ResolvedModel = null,
    int Attempts = 1);
