namespace Sluice.Gateway.Manifests;

/// <summary>A target's <c>headers_override</c>: headers set on, or removed from, the upstream call.</summary>
public sealed record HeadersOverrideDocument(IReadOnlyDictionary<string, string>? Set, IReadOnlyList<string>? Remove);
