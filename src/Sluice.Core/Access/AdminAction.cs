namespace Sluice.Core.Access;

/// <summary>Every control-plane action that <see cref="AccessModel.AuthorizeAdmin"/> decides.</summary>
public enum AdminAction
{
    // Provider accounts. All but CreateAccount take the account name.
    CreateAccount,
    ReadAccount,
    UpdateAccount,
    DeleteAccount,
    ManageCollaborators,
    AddModel,
    UpdateModel,
    RemoveModel,
    ReadModels,
    TestAccount,

    // Identities.
    ManageUsers,
    ManageTeams,
    ManageVirtualAccounts,

    // Tokens.
    CreateTokenForSelf,
    CreateTokenForOther,
    ManageVirtualAccountTokens,
    ListOwnTokens,
    ListAllTokens,
    RevokeOwnToken,
    RevokeAnyToken,

    // Observability.
    ReadAudit,
    ReadOwnUsage,
    ReadAllUsage,

    // POST /api/v1/apply, per document kind. ApplyProviderAccount takes the account name: a manager may
    // re-apply an existing account; creating one needs a tenant admin.
    ApplyProviderAccount,
    ApplyUser,
    ApplyTeam,
    ApplyVirtualAccount,

    /// <summary>A tenant-wide configuration document (<c>gateway-load-balancing-config</c>): tenant admins only.</summary>
    ApplyGatewayConfig,

    /// <summary>Apply, edit or delete a <c>team-budget-config</c> of one team (takes the team name): its managers and tenant admins.</summary>
    ManageTeamBudget,
}
