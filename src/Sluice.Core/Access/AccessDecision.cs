using Sluice.Core.Errors;

namespace Sluice.Core.Access;

/// <summary>
/// The answer to an authorization question: allowed, or denied with HTTP 403 and a message that names the role
/// the caller is missing (<see cref="MissingRole"/>: a provider-account role id, or "tenant admin").
/// </summary>
public sealed class AccessDecision
{
    /// <summary>The one allowed decision; allocation-free.</summary>
    public static readonly AccessDecision Allowed = new(true, null, null);

    private AccessDecision(bool isAllowed, string? message, string? missingRole)
    {
        IsAllowed = isAllowed;
        Message = message;
        MissingRole = missingRole;
    }

    public bool IsAllowed { get; }

    /// <summary>200-class when allowed; 403 when denied (a missing or bad key is a 401 decided before this).</summary>
    public int Status => IsAllowed ? 200 : 403;

    /// <summary>Why the caller was denied and which role would allow it; null when allowed.</summary>
    public string? Message { get; }

    /// <summary><see cref="ProviderAccountRoles.Manager"/>, <see cref="ProviderAccountRoles.Access"/> or <see cref="ProviderAccountRoles.TenantAdmin"/>; null when allowed.</summary>
    public string? MissingRole { get; }

    public static AccessDecision Deny(string message, string missingRole) => new(false, message, missingRole);

    /// <summary>The OpenAI-shaped error for a denial (<c>permission_error</c>, code <c>permission_denied</c>).</summary>
    public GatewayError ToError() =>
        IsAllowed
            ? throw new InvalidOperationException("An allowed decision has no error.")
            : new GatewayError(403, ErrorTypes.Permission, "permission_denied", Message!);

    public override string ToString() => IsAllowed ? "Allowed" : "Denied: " + Message;
}
