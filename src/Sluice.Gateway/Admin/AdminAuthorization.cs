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
        LoadBalancingConfigDocument or GlobalSettingsDocument => AdminAction.ApplyGatewayConfig,
        GatewayModelAliasesDocument => AdminAction.ApplyGatewayConfig,
        UserDocument => AdminAction.ApplyUser,
        TeamDocument => AdminAction.ApplyTeam,
        VirtualAccountDocument => AdminAction.ApplyVirtualAccount,
        _ => throw new ArgumentOutOfRangeException(nameof(document), document.Type, "Unknown document kind."),
    };

    /// <summary>The user email of a principal, or null for a virtual account.</summary>
    public static string? EmailOf(Principal principal) =>
        principal.Kind == PrincipalKind.VirtualAccount ? null : principal.DisplayName;

    public static GatewayError BadRequest(string message, string code = "invalid_request") =>
        new(400, ErrorTypes.InvalidRequest, code, message);
}
