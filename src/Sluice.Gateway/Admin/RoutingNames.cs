using Microsoft.EntityFrameworkCore;
using Sluice.Gateway.Manifests;
using Sluice.Storage;

namespace Sluice.Gateway.Admin;

/// <summary>
/// What applying a virtual-model group (or an account) is checked against: the real models with their types, the
/// account names and the group names, stored ones plus this request's (a request's version replaces the stored one).
/// </summary>
internal sealed record RoutingNames(Dictionary<string, IReadOnlyList<string>> RealModels, HashSet<string> Accounts, HashSet<string> Groups)
{
    public static async Task<RoutingNames> LoadAsync(SluiceDbContext db, IReadOnlyList<ManifestDocument> documents, CancellationToken ct)
    {
        var names = new RoutingNames(new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal));
        var incoming = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in documents)
        {
            if (d is ProviderAccountDocument) incoming.Add(d.Name);
        }

        foreach (var a in await db.ProviderAccounts.AsNoTracking().Include(a => a.Models).ToListAsync(ct))
        {
            if (incoming.Contains(a.Name)) continue;
            names.Accounts.Add(a.Name);
            foreach (var m in a.Models)
            {
                names.RealModels[a.Name + "/" + m.Name] = m.ModelTypes.Split(',', StringSplitOptions.RemoveEmptyEntries);
            }
        }

        foreach (var g in await db.VirtualModelGroups.AsNoTracking().Select(g => g.Name).ToListAsync(ct))
        {
            names.Groups.Add(g);
        }

        foreach (var d in documents)
        {
            if (d is ProviderAccountDocument account)
            {
                names.Accounts.Add(account.Name);
                foreach (var m in account.Integrations ?? [])
                {
                    names.RealModels[account.Name + "/" + m.Name] = m.ModelTypes;
                }
            }
            else if (d is VirtualModelGroupDocument group)
            {
                names.Groups.Add(group.Name);
            }
        }

        return names;
    }

    /// <summary>Accounts and groups share one namespace (both are called as name/model); a group's targets must be real models.</summary>
    public void Check(ManifestDocument doc, List<ValidationProblem> problems)
    {
        if (doc is LoadBalancingConfigDocument rules)
        {
            VirtualModelValidator.CheckRuleTargets(rules, RealModels, problems);
        }
        else if (doc is VirtualModelGroupDocument group)
        {
            if (Accounts.Contains(group.Name))
            {
                problems.Add(new ValidationProblem("name", $"\"{group.Name}\" is already a provider account; a virtual-model group needs a name of its own"));
            }

            VirtualModelValidator.CheckTargets(group, RealModels, Groups, problems);
        }
        else if (Groups.Contains(doc.Name))
        {
            problems.Add(new ValidationProblem("name", $"\"{doc.Name}\" is already a virtual-model group; a provider account needs a name of its own"));
        }
    }
}
