namespace Sluice.Core.Access;

/// <summary>
/// An API key as the request path sees it: looked up by its public id, checked against a salted hash, never
/// stored in plain text.
/// </summary>
public sealed record ApiKeyEntry(string Id, byte[] Salt, byte[] Hash, Principal Principal, DateTimeOffset? ExpiresAt);
