namespace Sluice.Gateway.Identity;

/// <summary>A new session: the secret id for the cookie (shown once, stored only hashed) and its CSRF token.</summary>
public sealed record IssuedSession(string SessionId, string CsrfToken, string UserEmail, DateTimeOffset ExpiresAt, DateTimeOffset AbsoluteExpiresAt);
