using System.Collections.Frozen;

namespace Sluice.Core.Access;

/// <summary>
/// Turns <see cref="AccessModelInput"/> into the frozen lookups of <see cref="AccessModel"/>. Entries that do not
/// parse (a bad subject, an unknown role, a permission on a missing model) are skipped, so a bad row fails closed;
/// <see cref="AccessModelValidator"/> reports them.
/// </summary>
internal static class AccessModelBuilder
{
    internal sealed record Result(
        FrozenDictionary<string, Principal> Users,
        FrozenDictionary<string, Principal> VirtualAccounts,
        FrozenDictionary<string, AccountRules> Accounts,
        FrozenDictionary<string, ModelRules> Models,
        FrozenDictionary<string, string[]> ModelsBySubject,
        string[] AllModels,
        FrozenDictionary<string, FrozenSet<string>> TeamManagers);

    public static Result Build(AccessModelInput input)
    {
        var users = BuildUsers(input);
        var virtualAccounts = new Dictionary<string, Principal>(StringComparer.Ordinal);
        foreach (var va in input.VirtualAccounts)
        {
            if (Subject.IsValidName(va.Name))
            {
                var subject = Subject.ForVirtualAccount(va.Name);
                virtualAccounts[va.Name] = new Principal(subject, PrincipalKind.VirtualAccount, va.Name, new[] { subject }.ToFrozenSet(StringComparer.Ordinal));
            }
        }

        // Role holders per account and model-level grants per model, from collaborators and VA permissions.
        var managers = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var readers = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var modelGrants = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var account in input.Accounts)
        {
            var m = GetOrAdd(managers, account.Name);
            var r = GetOrAdd(readers, account.Name);
            foreach (var collaborator in account.Collaborators)
            {
                if (Subject.TryParse(collaborator.Subject, out var subject, out _))
                {
                    AddRole(m, r, subject.Value, collaborator.RoleId);
                }
            }
        }

        foreach (var va in input.VirtualAccounts)
        {
            if (!virtualAccounts.ContainsKey(va.Name))
            {
                continue;
            }

            var subject = Subject.ForVirtualAccount(va.Name);
            foreach (var permission in va.Permissions)
            {
                if (!ProviderAccountRoles.IsKnown(permission.RoleId) || string.IsNullOrEmpty(permission.ResourceFqn))
                {
                    continue;
                }

                if (permission.ResourceFqn.Contains('/'))
                {
                    // A model-level grant only ever allows calling that model, whatever its role.
                    GetOrAdd(modelGrants, permission.ResourceFqn).Add(subject);
                }
                else if (managers.TryGetValue(permission.ResourceFqn, out var m))
                {
                    AddRole(m, readers[permission.ResourceFqn], subject, permission.RoleId);
                }
            }
        }

        var accounts = new Dictionary<string, AccountRules>(StringComparer.Ordinal);
        var models = new Dictionary<string, ModelRules>(StringComparer.Ordinal);
        foreach (var account in input.Accounts)
        {
            var callers = readers[account.Name];
            accounts[account.Name] = new AccountRules(account.Name, managers[account.Name].ToFrozenSet(StringComparer.Ordinal), callers.ToFrozenSet(StringComparer.Ordinal));
            foreach (var model in account.Models)
            {
                var fullName = account.Name + "/" + model.Name;
                modelGrants.TryGetValue(fullName, out var grants);
                var allowed = model.AuthorizedSubjects is null
                    ? new HashSet<string>(callers, StringComparer.Ordinal)
                    : NarrowedCallers(callers, model.AuthorizedSubjects, users.Values);
                if (grants is not null)
                {
                    allowed.UnionWith(grants);
                }

                models[fullName] = new ModelRules(account.Name, model.Name, fullName, model.AuthorizedSubjects is not null, allowed.ToFrozenSet(StringComparer.Ordinal));
            }
        }

        var bySubject = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var model in models.Values)
        {
            foreach (var subject in model.AllowedSubjects)
            {
                if (!bySubject.TryGetValue(subject, out var list))
                {
                    bySubject[subject] = list = [];
                }

                list.Add(model.FullName);
            }
        }

        var all = models.Keys.ToArray();
        Array.Sort(all, StringComparer.Ordinal);
        return new Result(
            users.ToFrozenDictionary(StringComparer.Ordinal),
            virtualAccounts.ToFrozenDictionary(StringComparer.Ordinal),
            accounts.ToFrozenDictionary(StringComparer.Ordinal),
            models.ToFrozenDictionary(StringComparer.Ordinal),
            bySubject.ToFrozenDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal),
            all,
            TeamManagers(input));
    }

    /// <summary>
    /// Who may call a narrowed model: a principal needs a role on the account AND a subject listed in
    /// authorized_subjects, possibly through different subjects (a role via a team, listed by email). Subjects in
    /// both sets cover everyone holding them; users that qualify through two different subjects are added by
    /// their own <c>user:</c> subject, so the check stays one set intersection.
    /// </summary>
    private static HashSet<string> NarrowedCallers(HashSet<string> callers, IReadOnlyList<string> authorizedSubjects, IEnumerable<Principal> users)
    {
        var authorized = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in authorizedSubjects)
        {
            if (Subject.TryParse(text, out var subject, out _))
            {
                authorized.Add(subject.Value);
            }
        }

        var allowed = new HashSet<string>(authorized, StringComparer.Ordinal);
        allowed.IntersectWith(callers);
        foreach (var user in users)
        {
            if (!user.Subjects.Overlaps(allowed) && user.Subjects.Overlaps(callers) && user.Subjects.Overlaps(authorized))
            {
                allowed.Add(user.Id);
            }
        }

        return allowed;
    }

    // Team name -> the user subjects of its managers. A manager need not be a member, nor active (then no principal holds it).
    private static FrozenDictionary<string, FrozenSet<string>> TeamManagers(AccessModelInput input)
    {
        var result = new Dictionary<string, FrozenSet<string>>(StringComparer.Ordinal);
        foreach (var team in input.Teams)
        {
            if (team.Managers is not { Count: > 0 } managers || !Subject.IsValidName(team.Name)) continue;
            var subjects = new HashSet<string>(StringComparer.Ordinal);
            foreach (var email in managers)
            {
                if (Subject.IsValidUserName(email?.Trim())) subjects.Add(Subject.ForUser(email!));
            }

            result[team.Name] = subjects.ToFrozenSet(StringComparer.Ordinal);
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static Dictionary<string, Principal> BuildUsers(AccessModelInput input)
    {
        var active = new Dictionary<string, UserInput>(StringComparer.Ordinal);
        foreach (var user in input.Users)
        {
            if (Subject.IsValidUserName(user.Email?.Trim()))
            {
                var email = Subject.NormalizeEmail(user.Email!);
                if (user.Active)
                {
                    active[email] = user;
                }
                else
                {
                    active.Remove(email);
                }
            }
        }

        var teamsOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var team in input.Teams)
        {
            if (team.Name == Subject.EveryoneTeamName || !Subject.IsValidName(team.Name))
            {
                continue;
            }

            foreach (var member in team.Members)
            {
                var email = Subject.NormalizeEmail(member);
                if (active.ContainsKey(email))
                {
                    GetOrAddList(teamsOf, email).Add(Subject.ForTeam(team.Name));
                }
            }
        }

        var principals = new Dictionary<string, Principal>(active.Count, StringComparer.Ordinal);
        foreach (var (email, user) in active)
        {
            var subjects = new HashSet<string>(StringComparer.Ordinal) { Subject.UserPrefix + email, Subject.Everyone };
            if (teamsOf.TryGetValue(email, out var teams))
            {
                subjects.UnionWith(teams);
            }

            var kind = user.IsTenantAdmin ? PrincipalKind.TenantAdmin : PrincipalKind.User;
            principals[email] = new Principal(Subject.UserPrefix + email, kind, email, subjects.ToFrozenSet(StringComparer.Ordinal));
        }

        return principals;
    }

    private static void AddRole(HashSet<string> managers, HashSet<string> readers, string subject, string roleId)
    {
        if (roleId == ProviderAccountRoles.Manager)
        {
            managers.Add(subject);
            readers.Add(subject);
        }
        else if (roleId == ProviderAccountRoles.Access)
        {
            readers.Add(subject);
        }
    }

    private static HashSet<string> GetOrAdd(Dictionary<string, HashSet<string>> map, string key)
    {
        if (!map.TryGetValue(key, out var set))
        {
            map[key] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        return set;
    }

    private static List<string> GetOrAddList(Dictionary<string, List<string>> map, string key)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        return list;
    }
}
