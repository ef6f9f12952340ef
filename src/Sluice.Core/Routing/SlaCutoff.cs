namespace Sluice.Core.Routing;

/// <summary>
/// <c>sla_cutoff</c> (priority-based): while the target's measured time per output token (or time to first token)
/// exceeds the limit, it counts as unhealthy and is tried after the healthy targets.
/// </summary>
public sealed record SlaCutoff(double? TimePerOutputTokenMs, double? TimeToFirstTokenMs);
