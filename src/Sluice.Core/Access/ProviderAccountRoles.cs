namespace Sluice.Core.Access;

/// <summary>The role ids a collaborator or virtual-account permission may hold on a provider account.</summary>
public static class ProviderAccountRoles
{
    /// <summary>May edit the account, add, edit and remove its models, manage its collaborators, and call its models.</summary>
    public const string Manager = "provider-account-manager";

    /// <summary>May read the account (non-secret view) and its models, and call its models.</summary>
    public const string Access = "provider-account-access";

    /// <summary>Not a role id: the name used in denial messages for what only a tenant admin may do.</summary>
    public const string TenantAdmin = "tenant admin";

    public static bool IsKnown(string? roleId) => roleId is Manager or Access;
}
