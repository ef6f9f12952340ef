namespace Sluice.Gateway.Manifests;

/// <summary><c>sticky_routing</c>: how long a session stays on its target, and what identifies a session.</summary>
public sealed record StickyRoutingDocument(int TtlSeconds, IReadOnlyList<SessionIdentifierDocument> SessionIdentifiers);

/// <summary>One <c>session_identifiers</c> entry: <c>source</c> is <c>headers</c> or <c>metadata</c>.</summary>
public sealed record SessionIdentifierDocument(string Source, string Key);
