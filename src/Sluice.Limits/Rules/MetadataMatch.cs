using System.Collections.Frozen;

namespace Sluice.Limits.Rules;

/// <summary>One metadata key of a <c>when</c>: the values it must (or must not) have.</summary>
public sealed record MetadataMatch(string Key, FrozenSet<string>? In, FrozenSet<string>? NotIn);
