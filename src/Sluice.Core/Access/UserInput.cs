namespace Sluice.Core.Access;

/// <summary>A user as access control sees it. A deactivated user has no principal, so their tokens and sessions stop.</summary>
public sealed record UserInput(string Email, bool Active = true, bool IsTenantAdmin = false);
