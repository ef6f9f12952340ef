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
    /// <summary>Virtual model names (<c>group/name</c>), stored plus this request's.</summary>
    public HashSet<string> VirtualModels { get; } = new(StringComparer.Ordinal);

    /// <summary>Each account model alias with the model it names and its account, stored plus this request's.</summary>
    public Dictionary<string, List<(string Target, string Account)>> AccountAliases { get; } = new(StringComparer.Ordinal);

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
                names.AddAliases(a.Name, m.Name, m.Aliases?.Split(',', StringSplitOptions.RemoveEmptyEntries));
            }
        }

        var incomingGroups = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in documents)
        {
            if (d is VirtualModelGroupDocument) incomingGroups.Add(d.Name);
        }

        foreach (var g in await db.VirtualModelGroups.AsNoTracking().ToListAsync(ct))
        {
            names.Groups.Add(g.Name);
            if (!incomingGroups.Contains(g.Name) && ManifestReader.ReadDocument(System.Text.Json.Nodes.JsonNode.Parse(g.DocumentJson), []) is VirtualModelGroupDocument stored)
            {
                names.AddVirtualModels(stored);
            }
        }

        foreach (var d in documents)
        {
            if (d is ProviderAccountDocument account)
            {
                names.Accounts.Add(account.Name);
                foreach (var m in account.Integrations ?? [])
                {
                    names.RealModels[account.Name + "/" + m.Name] = m.ModelTypes;
                    names.AddAliases(account.Name, m.Name, m.Aliases);
                }
            }
            else if (d is VirtualModelGroupDocument group)
            {
                names.Groups.Add(group.Name);
                names.AddVirtualModels(group);
            }
        }

        return names;
    }

    private void AddAliases(string account, string model, IReadOnlyList<string>? aliases)
    {
        foreach (var alias in aliases ?? [])
        {
            if (!AccountAliases.TryGetValue(alias, out var owners)) AccountAliases[alias] = owners = [];
            owners.Add((account + "/" + model, account));
        }
    }

    private void AddVirtualModels(VirtualModelGroupDocument group)
    {
        foreach (var m in group.Integrations ?? [])
        {
            VirtualModels.Add(group.Name + "/" + m.Name);
        }
    }

    /// <summary>Accounts and groups share one namespace (both are called as name/model); a group's targets must be real models.</summary>
    public void Check(ManifestDocument doc, List<ValidationProblem> problems)
    {
        if (doc is LoadBalancingConfigDocument rules)
        {
            VirtualModelValidator.CheckRuleTargets(rules, RealModels, problems);
        }
        else if (doc is GatewayModelAliasesDocument aliases)
        {
            CheckAliasTargets(aliases, problems);
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

        if (doc is ProviderAccountDocument account)
        {
            CheckAccountAliases(account, problems);
        }
    }

    /// <summary>An alias names one model: one declared by a model of another account is a conflict (within an account the validator reports it).</summary>
    private void CheckAccountAliases(ProviderAccountDocument account, List<ValidationProblem> problems)
    {
        var integrations = account.Integrations ?? [];
        for (var i = 0; i < integrations.Count; i++)
        {
            var aliases = integrations[i].Aliases ?? [];
            for (var j = 0; j < aliases.Count; j++)
            {
                if (!AccountAliases.TryGetValue(aliases[j], out var owners)) continue;
                foreach (var (target, owner) in owners)
                {
                    if (owner == account.Name) continue;
                    problems.Add(new ValidationProblem($"integrations[{i}].aliases[{j}]",
                        $"alias \"{aliases[j]}\" names both \"{account.Name}/{integrations[i].Name}\" and \"{target}\" (account {owner}); an alias may name one model only"));
                    break;
                }
            }
        }
    }

    /// <summary>A gateway-wide alias must name a model that exists: a real one or a virtual one.</summary>
    private void CheckAliasTargets(GatewayModelAliasesDocument document, List<ValidationProblem> problems)
    {
        for (var i = 0; i < document.Aliases.Count; i++)
        {
            var target = document.Aliases[i].Model;
            if (!target.Contains('/') || RealModels.ContainsKey(target) || VirtualModels.Contains(target)) continue;
            var nearest = DidYouMean.Nearest(target, RealModels.Keys.Concat(VirtualModels));
            problems.Add(new ValidationProblem($"aliases[{i}].model",
                $"\"{target}\" is neither a model of a provider account nor a virtual model" + (nearest is null ? "" : $"; did you mean \"{nearest}\"?"), nearest));
        }
    }
}
