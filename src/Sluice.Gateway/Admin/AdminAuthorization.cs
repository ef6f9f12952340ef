using Microsoft.AspNetCore.Http;
using Sluice.Core.Access;
using Sluice.Core.Errors;
using Sluice.Gateway.Manifests;
using Sluice.Gateway.Snapshots;

namespace Sluice.Gateway.Admin;

/// <summary>
/// Every admin-API permission decision, in one place: tenant admins may do everything; a provider-account
/// manager may read and change its own accounts and their models; everything else needs a tenant admin.
/// </summary>
public static class AdminAuthorization
{
    private const string PrincipalItem = "sluice.admin.principal";

    public static GatewayError AdminRequired { get; } = new(403, ErrorTypes.Permission, "permission_denied",
        "This needs a tenant admin's API key.");

    public static GatewayError Forbidden(string message) => new(403, ErrorTypes.Permission, "permission_denied", message);

    /// <summary>Authenticates the bearer key against the current snapshot and remembers the principal for the request.</summary>
    public static bool TryAuthenticate(HttpContext context, SnapshotHolder holder, TimeProvider time, out GatewayError? error)
    {
        if (ApiKeyAuthenticator.TryAuthenticate(holder.Current, context.Request.Headers.Authorization.ToString(), time.GetUtcNow(), out var principal, out error))
        {
            context.Items[PrincipalItem] = principal;
            return true;
        }

        return false;
    }

    public static Principal PrincipalOf(HttpContext context) => (Principal)context.Items[PrincipalItem]!;

    public static bool IsManager(Principal principal, string account, AccessIndex access)
    {
        if (!access.AccountManagers.TryGetValue(account, out var managers))
        {
            return false;
        }

        foreach (var subject in principal.Subjects)
        {
            if (managers.Contains(subject))
            {
                return true;
            }
        }

        return false;
    }

    public static bool CanManageAccount(Principal principal, string account, AccessIndex access) =>
        principal.IsTenantAdmin || IsManager(principal, account, access);

    /// <summary>Creating accounts, users, teams, virtual accounts, and reading audit and usage: tenant admins only.</summary>
    public static bool CanAdministerTenant(Principal principal) => principal.IsTenantAdmin;

    /// <summary>A manager may re-apply an account it already manages; any other document needs a tenant admin.</summary>
    public static bool CanApply(Principal principal, ManifestDocument document, AccessIndex access) =>
        principal.IsTenantAdmin || (document is ProviderAccountDocument && IsManager(principal, document.Name, access));

    /// <summary>Tokens: tenant admins only for now (the access-control issue opens them to their owners).</summary>
    public static bool CanManageTokens(Principal principal) => principal.IsTenantAdmin;
}
