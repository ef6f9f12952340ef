namespace Sluice.Gateway.Identity;

/// <summary>A new invitation: the token for the link (shown once, stored only hashed) and when it stops working.</summary>
public sealed record IssuedInvite(string Token, string Email, DateTimeOffset ExpiresAt);
