namespace Sluice.Storage.Entities;

/// <summary>
/// Usage summed per period (an hour or a day, UTC) and per caller, model, status and metadata, kept by the usage writer
/// in the same transaction as the records, so summaries read a few rows per period instead of every record.
/// </summary>
/// <remarks>Latencies are kept as sparse log-scale histograms (see the gateway's <c>LatencyHistogram</c>).</remarks>
public sealed class UsageRollupEntity
{
    public long Id { get; set; }

    /// <summary>The period's length: 3,600,000 (an hour) or 86,400,000 (a day).</summary>
    public long PeriodMs { get; set; }

    /// <summary>Start of the period, Unix milliseconds (UTC).</summary>
    public long StartUnixMs { get; set; }

    public required string Model { get; set; }

    public required string Account { get; set; }

    public required string PrincipalId { get; set; }

    /// <summary>Empty when the caller was not a virtual account.</summary>
    public string VirtualAccount { get; set; } = "";

    /// <summary>Team names, sorted and comma-separated; empty for none.</summary>
    public string Teams { get; set; } = "";

    public int Status { get; set; }

    /// <summary>The records' metadata JSON; empty for none.</summary>
    public string Metadata { get; set; } = "";

    public long Requests { get; set; }

    public long PromptTokens { get; set; }

    public long CompletionTokens { get; set; }

    public long CachedTokens { get; set; }

    public long CacheWriteTokens { get; set; }

    public long Images { get; set; }

    /// <summary>The sum of the known costs.</summary>
    public decimal CostUsd { get; set; }

    /// <summary>Requests whose cost is unknown (not included in <see cref="CostUsd"/>).</summary>
    public long UnknownCost { get; set; }

    public required byte[] Latency { get; set; }

    public required byte[] TimeToFirstToken { get; set; }
}
