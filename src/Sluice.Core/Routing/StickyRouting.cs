namespace Sluice.Core.Routing;

/// <summary>
/// <c>sticky_routing</c> (weight-based only): requests with the same session key stay on one target for
/// <see cref="Ttl"/>. The key combines the values of <see cref="Identifiers"/> that the request carries.
/// </summary>
public sealed record StickyRouting(TimeSpan Ttl, StickyIdentifier[] Identifiers);

/// <summary>One <c>session_identifiers</c> entry: a request header or a key of the request metadata.</summary>
public sealed record StickyIdentifier(bool FromMetadata, string Key);
