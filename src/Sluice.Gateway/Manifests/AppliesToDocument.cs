namespace Sluice.Gateway.Manifests;

/// <summary>V2 <c>applies_to</c>: one shared bucket (<c>aggregate</c>) or one per user, model, virtual account or metadata value.</summary>
public sealed record AppliesToDocument
{
    /// <summary><c>aggregate</c>, <c>per-user</c>, <c>per-model</c>, <c>per-virtual-account</c> or <c>metadata</c>.</summary>
    public string Type { get; init; } = "aggregate";

    /// <summary>The metadata key, for <c>type: metadata</c>.</summary>
    public string? Metadata { get; init; }

    public IReadOnlyList<LimitOverrideDocument>? Overrides { get; init; }
}
