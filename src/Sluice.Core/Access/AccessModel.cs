using System.Collections.Frozen;

namespace Sluice.Core.Access;

/// <summary>
/// The access rules of one configuration snapshot, precomputed and frozen: principals for users and virtual
/// accounts, who manages and who may read each provider account, and who may call each model.
/// </summary>
/// <remarks>
/// Rules, as implemented and tested:
/// <list type="bullet">
/// <item>A tenant admin may do everything, including calling every model (even one narrowed by authorized_subjects).</item>
/// <item>A <c>provider-account-manager</c> (held directly, through a team, or by a virtual account's account-level
/// permission) may read and update the account, manage its collaborators, add, update and remove its models, test
/// it, re-apply it, and call its models. Creating or deleting an account needs a tenant admin.</item>
/// <item>A <c>provider-account-access</c> holder may read the account (the non-secret view) and its models, and
/// call its models.</item>
/// <item>A model's <c>authorized_subjects</c> narrows, never widens: a caller needs a role on the account AND one
/// of its subjects listed (they may differ: access through a team, listed by email). This applies to managers
/// too: a manager who is not listed may still manage the model but not call it.</item>
/// <item>A virtual-account permission on <c>account/model</c> allows calling that one model only (whatever its
/// role), also when the model is narrowed: the grant names the model explicitly and only a tenant admin can make it.</item>
/// <item>A team's <c>managers</c> may apply, edit and delete that team's <c>team-budget-config</c> budgets, and nothing
/// else of the team or of other teams; tenant budgets and every other limit need a tenant admin.</item>
/// <item>Every active user is in the team <c>everyone</c>; virtual accounts are not. A deactivated user has no
/// principal, so the snapshot builder must drop their keys and sessions.</item>
/// <item>Any authenticated principal may list and revoke its own tokens and read its own usage; only users (not
/// virtual accounts) may create personal access tokens for themselves; everything else about identities, tokens
/// of others, audit and all usage needs a tenant admin.</item>
/// <item>For an account that does not exist, non-admins get the same denial as for one they cannot see, so
/// denials do not reveal which accounts exist; a tenant admin is allowed and the endpoint answers 404.</item>
/// </list>
/// </remarks>
public sealed class AccessModel
{
    public static readonly AccessModel Empty = Build(new AccessModelInput());

    private readonly FrozenDictionary<string, Principal> _users;
    private readonly FrozenDictionary<string, Principal> _virtualAccounts;
    private readonly FrozenDictionary<string, AccountRules> _accounts;
    private readonly FrozenDictionary<string, ModelRules> _models;
    private readonly FrozenDictionary<string, string[]> _modelsBySubject;
    private readonly string[] _allModels;
    private readonly FrozenDictionary<string, FrozenSet<string>> _teamManagers;

    private AccessModel(AccessModelBuilder.Result built)
    {
        _users = built.Users;
        _virtualAccounts = built.VirtualAccounts;
        _accounts = built.Accounts;
        _models = built.Models;
        _modelsBySubject = built.ModelsBySubject;
        _allModels = built.AllModels;
        _teamManagers = built.TeamManagers;
    }

    /// <summary>Builds the rules once per snapshot. Invalid entries are skipped (fail closed); see <see cref="AccessModelValidator"/>.</summary>
    public static AccessModel Build(AccessModelInput input) => new(AccessModelBuilder.Build(input));

    /// <summary>The principal of an active user (case-insensitive email), or null when unknown or deactivated.</summary>
    public Principal? PrincipalFor(string email) =>
        _users.TryGetValue(Subject.NormalizeEmail(email), out var principal) ? principal : null;

    /// <summary>Every active user's principal (tenant admins included), in no particular order.</summary>
    public IReadOnlyCollection<Principal> ActiveUsers => _users.Values;

    /// <summary>Whether the principal is one of the team's <c>managers</c> (tenant admins are not, unless listed).</summary>
    public bool ManagesTeam(Principal principal, string team) =>
        _teamManagers.TryGetValue(team, out var managers) && managers.Contains(principal.Id);

    /// <summary>Whether the principal manages at least one team.</summary>
    public bool ManagesAnyTeam(Principal principal)
    {
        foreach (var managers in _teamManagers.Values)
        {
            if (managers.Contains(principal.Id)) return true;
        }

        return false;
    }

    /// <summary>The principal of a virtual account, or null when it does not exist.</summary>
    public Principal? PrincipalForVirtualAccount(string name) =>
        _virtualAccounts.TryGetValue(name, out var principal) ? principal : null;

    public bool AccountExists(string account) => _accounts.ContainsKey(account);

    public bool ModelExists(string account, string model) => _models.ContainsKey(account + "/" + model);

    /// <summary>
    /// The subjects allowed to call a model, for <c>ModelRoute.AllowedSubjects</c>; empty when the model is unknown.
    /// <see cref="ModelAccess.CanCall(Principal, Configuration.ModelRoute)"/> on that set agrees with <see cref="CanCallModel"/>.
    /// </summary>
    public FrozenSet<string> AllowedSubjectsFor(string account, string model) =>
        _models.TryGetValue(account + "/" + model, out var rules) ? rules.AllowedSubjects : FrozenSet<string>.Empty;

    /// <summary>Whether the principal may call <c>account/model</c>; false for an unknown model.</summary>
    public bool CanCallModel(Principal principal, string account, string model) =>
        principal.IsTenantAdmin
            ? _models.ContainsKey(account + "/" + model)
            : _models.TryGetValue(account + "/" + model, out var rules) && ModelAccess.CanCall(principal, rules.AllowedSubjects);

    /// <summary>Like <see cref="CanCallModel"/>, with a 403 message naming what is missing.</summary>
    public AccessDecision AuthorizeCall(Principal principal, string account, string model)
    {
        if (CanCallModel(principal, account, model))
        {
            return AccessDecision.Allowed;
        }

        var fullName = account + "/" + model;
        if (_models.TryGetValue(fullName, out var rules) && rules.Narrowed && _accounts.TryGetValue(account, out var acc) && HasAny(principal, acc.Readers))
        {
            return AccessDecision.Deny(
                $"Model '{fullName}' is limited to its authorized_subjects and none of your subjects is listed. " +
                $"Ask a {ProviderAccountRoles.Manager} of provider account '{account}' to add you (a tenant admin may always call it).",
                ProviderAccountRoles.Access);
        }

        return AccessDecision.Deny(
            $"You need the {ProviderAccountRoles.Access} role on provider account '{account}' " +
            $"(or {ProviderAccountRoles.Manager}, or tenant admin) to call model '{fullName}'.",
            ProviderAccountRoles.Access);
    }

    /// <summary>Every <c>account/model</c> the principal may call, sorted ordinally: what <c>GET /v1/models</c> lists.</summary>
    public IReadOnlyList<string> ModelsCallableBy(Principal principal)
    {
        if (principal.IsTenantAdmin)
        {
            return _allModels;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var subject in principal.Subjects.Items)
        {
            if (_modelsBySubject.TryGetValue(subject, out var models))
            {
                seen.UnionWith(models);
            }
        }

        var result = new string[seen.Count];
        seen.CopyTo(result);
        Array.Sort(result, StringComparer.Ordinal);
        return result;
    }

    /// <summary>
    /// The provider accounts the principal may change (manager role, or every account for a tenant admin), sorted
    /// ordinally: the web UI shows account editing only to callers this is not empty for.
    /// </summary>
    public IReadOnlyList<string> AccountsManagedBy(Principal principal)
    {
        var names = _accounts.Where(a => principal.IsTenantAdmin || HasAny(principal, a.Value.Managers)).Select(a => a.Key).ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        return names;
    }

    /// <summary>
    /// Decides a control-plane action. <paramref name="account"/> is required for account-scoped actions
    /// (ReadAccount … TestAccount except CreateAccount, and ApplyProviderAccount), is the team's name for
    /// ManageTeamBudget, and is ignored otherwise.
    /// </summary>
    public AccessDecision AuthorizeAdmin(Principal principal, AdminAction action, string? account = null)
    {
        if (principal.IsTenantAdmin)
        {
            return AccessDecision.Allowed;
        }

        return action switch
        {
            AdminAction.ReadAccount => NeedsReader(principal, RequireAccount(action, account), "read it"),
            AdminAction.ReadModels => NeedsReader(principal, RequireAccount(action, account), "read its models"),
            AdminAction.UpdateAccount => NeedsManager(principal, RequireAccount(action, account), "update it"),
            AdminAction.ManageCollaborators => NeedsManager(principal, RequireAccount(action, account), "manage its collaborators"),
            AdminAction.AddModel => NeedsManager(principal, RequireAccount(action, account), "add a model"),
            AdminAction.UpdateModel => NeedsManager(principal, RequireAccount(action, account), "update a model"),
            AdminAction.RemoveModel => NeedsManager(principal, RequireAccount(action, account), "remove a model"),
            AdminAction.TestAccount => NeedsManager(principal, RequireAccount(action, account), "test it"),
            AdminAction.ApplyProviderAccount => _accounts.ContainsKey(RequireAccount(action, account))
                ? NeedsManager(principal, account!, "re-apply it")
                : AdminOnly("create provider accounts"),
            AdminAction.CreateAccount => AdminOnly("create provider accounts"),
            AdminAction.DeleteAccount => AdminOnly("delete provider accounts"),
            AdminAction.ManageUsers or AdminAction.ApplyUser => AdminOnly("manage users"),
            AdminAction.ManageTeams or AdminAction.ApplyTeam => AdminOnly("manage teams"),
            AdminAction.ManageVirtualAccounts or AdminAction.ApplyVirtualAccount => AdminOnly("manage virtual accounts"),
            AdminAction.ApplyGatewayConfig => AdminOnly("apply tenant-wide gateway configuration"),
            AdminAction.ManageTeamBudget => ManagesTeam(principal, RequireAccount(action, account))
                ? AccessDecision.Allowed
                : AccessDecision.Deny(
                    $"You need the {TeamManagerRole} role on team '{account}' (listed in the team's managers) or tenant admin to manage its budgets.",
                    TeamManagerRole),
            AdminAction.CreateTokenForSelf => principal.Kind == PrincipalKind.User
                ? AccessDecision.Allowed
                : AccessDecision.Deny(
                    "Personal access tokens belong to users, so a virtual account cannot create one; " +
                    "a tenant admin creates virtual-account tokens.",
                    ProviderAccountRoles.TenantAdmin),
            AdminAction.CreateTokenForOther => AdminOnly("create tokens for other users"),
            AdminAction.ManageVirtualAccountTokens => AdminOnly("create or manage virtual-account tokens"),
            AdminAction.ListAllTokens => AdminOnly("list everyone's tokens"),
            AdminAction.RevokeAnyToken => AdminOnly("revoke other principals' tokens"),
            AdminAction.ReadAudit => AdminOnly("read the audit log"),
            AdminAction.ReadAllUsage => AdminOnly("read everyone's usage"),
            AdminAction.ListOwnTokens or AdminAction.RevokeOwnToken or AdminAction.ReadOwnUsage => AccessDecision.Allowed,
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown admin action."),
        };
    }

    /// <summary>The role a denial of <see cref="AdminAction.ManageTeamBudget"/> names: a team's manager.</summary>
    public const string TeamManagerRole = "team-manager";

    private AccessDecision NeedsManager(Principal principal, string account, string what) =>
        _accounts.TryGetValue(account, out var rules) && HasAny(principal, rules.Managers)
            ? AccessDecision.Allowed
            : AccessDecision.Deny(
                $"You need the {ProviderAccountRoles.Manager} role on provider account '{account}' (or tenant admin) to {what}.",
                ProviderAccountRoles.Manager);

    private AccessDecision NeedsReader(Principal principal, string account, string what) =>
        _accounts.TryGetValue(account, out var rules) && HasAny(principal, rules.Readers)
            ? AccessDecision.Allowed
            : AccessDecision.Deny(
                $"You need the {ProviderAccountRoles.Access} or {ProviderAccountRoles.Manager} role on provider account '{account}' (or tenant admin) to {what}.",
                ProviderAccountRoles.Access);

    private static AccessDecision AdminOnly(string what) =>
        AccessDecision.Deny($"Only a tenant admin may {what}.", ProviderAccountRoles.TenantAdmin);

    private static string RequireAccount(AdminAction action, string? account) =>
        string.IsNullOrEmpty(account)
            ? throw new ArgumentException($"{action} needs the provider account name.", nameof(account))
            : account;

    private static bool HasAny(Principal principal, FrozenSet<string> subjects)
    {
        foreach (var subject in principal.Subjects.Items)
        {
            if (subjects.Contains(subject))
            {
                return true;
            }
        }

        return false;
    }
}
