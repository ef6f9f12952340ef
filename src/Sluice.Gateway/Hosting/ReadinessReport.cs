using System.Text.Json.Serialization;

namespace Sluice.Gateway.Hosting;

/// <summary>The body of <c>/readyz</c>.</summary>
public sealed record ReadinessReport(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("snapshot_loaded")] bool SnapshotLoaded,
    [property: JsonPropertyName("database_reachable")] bool DatabaseReachable,
    [property: JsonPropertyName("redis")] string Redis,
    [property: JsonPropertyName("usage_records_pending")] int UsageRecordsPending,
    [property: JsonPropertyName("usage_records_dropped")] long UsageRecordsDropped);
