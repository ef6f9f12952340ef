using Microsoft.AspNetCore.Http;
using Sluice.Core.Access;
using Sluice.Core.Errors;
using Sluice.Gateway.Manifests;
using Sluice.Gateway.Snapshots;

namespace Sluice.Gateway.Admin;

/// <summary>
/// The admin API's link to Core's rules: every decision is <see cref="AccessModel.AuthorizeAdmin"/> on the
/// current snapshot, and a denial becomes a 403 naming the missing role (<see cref="AccessDecision.ToError"/>).
/// </summary>
public static class AdminAuthorization
{
    private const string PrincipalItem = "sluice.admin.principal";

    public static void SetPrincipal(HttpContext context, Principal principal) => context.Items[PrincipalItem] = principal;

    public static Principal PrincipalOf(HttpContext context) => (Principal)context.Items[PrincipalItem]!;

    /// <summary>Decides <paramref name="action"/> for the caller against the current snapshot.</summary>
    public static AccessDecision Decide(HttpContext context, SnapshotHolder holder, AdminAction action, string? account = null) =>
        holder.Current.Access.AuthorizeAdmin(PrincipalOf(context), action, account);

    /// <summary>Writes the 403 when denied; true when the caller may go on.</summary>
    public static async ValueTask<bool> RequireAsync(HttpContext context, SnapshotHolder holder, AdminAction action, string? account = null)
    {
        var decision = Decide(context, holder, action, account);
        if (decision.IsAllowed)
        {
            return true;
        }

        await AdminJson.ErrorAsync(context, decision.ToError());
        return false;
    }

    /// <summary>The action applying <paramref name="document"/> needs (see manifest.md: managers may re-apply their account).</summary>
    public static AdminAction ApplyActionFor(ManifestDocument document) => document switch
    {
        ProviderAccountDocument => AdminAction.ApplyProviderAccount,
        // A virtual-model group is a provider group in TrueFoundry's terms: its managers may re-apply it.
        VirtualModelGroupDocument => AdminAction.ApplyProviderAccount,
        GatewayModelAliasesDocument => AdminAction.ApplyGatewayConfig,
        LoadBalancingConfigDocument or GlobalSettingsDocument => AdminAction.ApplyGatewayConfig,
        // A team budget is its team's managers' too (DecideApply names the team); every other limit is a tenant admin's.
        BudgetDocument { IsTeamBudget: true } => AdminAction.ManageTeamBudget,
        RateLimitingConfigDocument or BudgetConfigDocument or RateLimitDocument or BudgetDocument => AdminAction.ApplyGatewayConfig,
        UserDocument => AdminAction.ApplyUser,
        TeamDocument => AdminAction.ApplyTeam,
        VirtualAccountDocument => AdminAction.ApplyVirtualAccount,
        _ => throw new ArgumentOutOfRangeException(nameof(document), document.Type, "Unknown document kind."),
    };

    /// <summary>
    /// Whether the caller may apply <paramref name="document"/>: the resource is the account (or group) for provider
    /// documents, the team for a <c>team-budget-config</c>. <paramref name="stored"/> is the stored version of a team
    /// budget: a manager may re-apply it only if it is their team's too, so one team's manager cannot take over another's.
    /// </summary>
    public static AccessDecision DecideApply(AccessModel access, Principal principal, ManifestDocument document, BudgetDocument? stored = null)
    {
        if (document is not BudgetDocument { IsTeamBudget: true } budget)
        {
            return access.AuthorizeAdmin(principal, ApplyActionFor(document), document.Name);
        }

        // Without team_name the document is invalid and nothing is stored; validation says so.
        var decision = string.IsNullOrEmpty(budget.TeamName) ? AccessDecision.Allowed : access.AuthorizeAdmin(principal, AdminAction.ManageTeamBudget, budget.TeamName);
        return decision.IsAllowed && stored?.TeamName is { Length: > 0 } storedTeam && storedTeam != budget.TeamName
            ? access.AuthorizeAdmin(principal, AdminAction.ManageTeamBudget, storedTeam)
            : decision;
    }

    /// <summary>The user email of a principal, or null for a virtual account.</summary>
    public static string? EmailOf(Principal principal) =>
        principal.Kind == PrincipalKind.VirtualAccount ? null : principal.DisplayName;

    public static GatewayError BadRequest(string message, string code = "invalid_request") =>
        new(400, ErrorTypes.InvalidRequest, code, message);
}
