using System.Collections.Frozen;

namespace Sluice.Limits.Rules;

/// <summary>One compiled rate-limit rule or budget, built once per snapshot from its manifest.</summary>
public sealed class LimitRule
{
    /// <summary>The rule's id (V1) or the document's name (V2): what a refusal and the status endpoint name.</summary>
    public required string Name { get; init; }

    public required LimitKind Kind { get; init; }

    /// <summary>The manifest type and name it came from, e.g. <c>gateway-rate-limiting-config rate-limits</c>.</summary>
    public required string Source { get; init; }

    /// <summary>False for <c>audit_mode: true</c> / <c>mode: audit</c>: counted and recorded, never refusing.</summary>
    public bool Enforce { get; init; } = true;

    public LimitMatcher When { get; init; } = LimitMatcher.All;

    public required LimitWindow[] Windows { get; init; }

    /// <summary>Empty: one shared bucket for every matching request.</summary>
    public LimitDimension[] AppliesPer { get; init; } = [];

    /// <summary>Per-bucket replacements of <see cref="Windows"/> (V2 <c>applies_to.overrides</c>), keyed by bucket value.</summary>
    public FrozenDictionary<string, LimitWindow[]>? Overrides { get; init; }

    /// <summary>Percentages of a limit that fire an alert, once per threshold per window.</summary>
    public int[] Thresholds { get; init; } = [];

    public AlertTarget[] AlertTargets { get; init; } = [];

    /// <summary>The windows for one bucket: its override when it has one.</summary>
    public LimitWindow[] WindowsFor(string bucket) =>
        Overrides is not null && Overrides.TryGetValue(bucket, out var own) ? own : Windows;
}
