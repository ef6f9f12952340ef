namespace Sluice.Gateway.Manifests;

/// <summary>A target's <c>sla_cutoff</c> (priority-based routing).</summary>
public sealed record SlaCutoffDocument(int? TimePerOutputTokenMs, int? TimeToFirstTokenMs);
