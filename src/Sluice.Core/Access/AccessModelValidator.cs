namespace Sluice.Core.Access;

/// <summary>
/// Reports every problem in an <see cref="AccessModelInput"/> at once, each with its field path
/// (<c>accounts[0].collaborators[1].subject: ...</c>). <see cref="AccessModel.Build"/> skips what this reports.
/// </summary>
public static class AccessModelValidator
{
    public static IReadOnlyList<string> Validate(AccessModelInput input)
    {
        var errors = new List<string>();
        for (var i = 0; i < input.Users.Count; i++)
        {
            if (!Subject.IsValidUserName(input.Users[i].Email?.Trim()))
            {
                errors.Add($"users[{i}].email: '{input.Users[i].Email}' is not an email address.");
            }
        }

        for (var i = 0; i < input.Teams.Count; i++)
        {
            var team = input.Teams[i];
            if (!Subject.IsValidName(team.Name))
            {
                errors.Add($"teams[{i}].name: '{team.Name}' is not a valid team name (letters, digits, '-', '_' or '.', starting with a letter or digit).");
            }
            else if (team.Name == Subject.EveryoneTeamName)
            {
                errors.Add($"teams[{i}].name: 'everyone' is built in and always holds every active user; it cannot be defined.");
            }

            for (var j = 0; j < team.Members.Count; j++)
            {
                if (!Subject.IsValidUserName(team.Members[j]?.Trim()))
                {
                    errors.Add($"teams[{i}].members[{j}]: '{team.Members[j]}' is not an email address.");
                }
            }
        }

        var models = new HashSet<string>(StringComparer.Ordinal);
        var accounts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var account in input.Accounts)
        {
            accounts.Add(account.Name);
            foreach (var model in account.Models)
            {
                models.Add(account.Name + "/" + model.Name);
            }
        }

        for (var i = 0; i < input.VirtualAccounts.Count; i++)
        {
            var va = input.VirtualAccounts[i];
            if (!Subject.IsValidName(va.Name))
            {
                errors.Add($"virtual_accounts[{i}].name: '{va.Name}' is not a valid virtual-account name (letters, digits, '-', '_' or '.', starting with a letter or digit).");
            }

            for (var j = 0; j < va.Permissions.Count; j++)
            {
                var permission = va.Permissions[j];
                var path = $"virtual_accounts[{i}].permissions[{j}]";
                CheckRole(errors, path, permission.RoleId);
                var fqn = permission.ResourceFqn ?? "";
                var known = fqn.Contains('/') ? models.Contains(fqn) : accounts.Contains(fqn);
                if (!known)
                {
                    errors.Add($"{path}.resource_fqn: '{fqn}' is neither a provider account nor an 'account/model' that exists.");
                }
            }
        }

        for (var i = 0; i < input.Accounts.Count; i++)
        {
            var account = input.Accounts[i];
            for (var j = 0; j < account.Collaborators.Count; j++)
            {
                var collaborator = account.Collaborators[j];
                var path = $"accounts[{i}].collaborators[{j}]";
                if (!Subject.TryParse(collaborator.Subject, out _, out var error))
                {
                    errors.Add($"{path}.subject: {error}");
                }

                CheckRole(errors, path, collaborator.RoleId);
            }

            for (var j = 0; j < account.Models.Count; j++)
            {
                var subjects = account.Models[j].AuthorizedSubjects;
                for (var k = 0; subjects is not null && k < subjects.Count; k++)
                {
                    if (!Subject.TryParse(subjects[k], out _, out var error))
                    {
                        errors.Add($"accounts[{i}].integrations[{j}].authorized_subjects[{k}]: {error}");
                    }
                }
            }
        }

        return errors;
    }

    private static void CheckRole(List<string> errors, string path, string? roleId)
    {
        if (!ProviderAccountRoles.IsKnown(roleId))
        {
            errors.Add($"{path}.role_id: '{roleId}' is not a role; use '{ProviderAccountRoles.Manager}' or '{ProviderAccountRoles.Access}'.");
        }
    }
}
