using Microsoft.EntityFrameworkCore;
using Sluice.Gateway.Manifests;
using Sluice.Gateway.Security;
using Sluice.Gateway.Snapshots;
using Sluice.Storage;
using Sluice.Storage.Entities;

namespace Sluice.Gateway.Admin;

/// <summary>
/// The only writer of configuration: validates documents (all problems at once), stores them idempotently,
/// writes an audit entry per change, and rebuilds the snapshot after every committed change.
/// </summary>
public sealed class ConfigurationStore(
    IDbContextFactory<SluiceDbContext> dbFactory,
    AccountSecretsCodec codec,
    SnapshotBuilder snapshots,
    TimeProvider time)
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Unchanged = "unchanged";
    public const string Invalid = "invalid";
    public const string Deleted = "deleted";

    // One writer at a time keeps "load, compare, save" consistent within this process.
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public async Task<ProviderAccountDocument?> GetAccountAsync(string name, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await LoadAccountRowAsync(db, name, ct);
        return row is null ? null : DocumentMapper.ToDocument(row, codec);
    }

    public async Task<List<ProviderAccountDocument>> ListAccountsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.ProviderAccounts.AsNoTracking().Include(a => a.Models).Include(a => a.Collaborators).OrderBy(a => a.Name).ToListAsync(ct);
        return rows.ConvertAll(r => DocumentMapper.ToDocument(r, codec));
    }

    /// <summary>
    /// Applies documents as one unit: if any is invalid nothing is stored. Omitted account secrets keep their
    /// stored values. <paramref name="dryRun"/> validates and reports what would happen without storing.
    /// </summary>
    public async Task<List<ApplyResult>> ApplyAsync(IReadOnlyList<ManifestDocument> documents, string actor, bool dryRun, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var now = time.GetUtcNow();
            var results = new List<ApplyResult>(documents.Count);
            var pending = new List<(ManifestDocument Doc, object? Row, string? Before)>();
            var anyInvalid = false;
            var seen = new HashSet<(string, string)>();
            HashSet<string>? resources = null;
            RoutingNames? routing = null;
            foreach (var incoming in documents)
            {
                var problems = new List<ValidationProblem>();
                if (!seen.Add((incoming.Type, incoming.Name)))
                {
                    problems.Add(new ValidationProblem("name", $"{incoming.Type} \"{incoming.Name}\" appears more than once in this request"));
                }

                var (doc, row, before) = await LoadMergedAsync(db, incoming, ct);
                if (row is ProviderAccountEntity stored && doc is ProviderAccountDocument account && stored.Type != account.AccountType)
                {
                    problems.Add(new ValidationProblem("type", $"account \"{account.Name}\" is a {stored.Type} account; an account's kind cannot change: delete it first, or choose another name"));
                }

                ManifestValidator.Validate(doc, problems);
                if (doc is VirtualAccountDocument va)
                {
                    resources ??= await ResourcesAsync(db, documents, ct);
                    CheckResources(va, resources, problems);
                }

                if (doc is VirtualModelGroupDocument or ProviderAccountDocument or LoadBalancingConfigDocument or GatewayModelAliasesDocument)
                {
                    routing ??= await RoutingNames.LoadAsync(db, documents, ct);
                    routing.Check(doc, problems);
                }

                if (problems.Count > 0)
                {
                    anyInvalid = true;
                    results.Add(new ApplyResult(doc.Type, doc.Name, Invalid, problems));
                    continue;
                }

                var status = before is null ? Created : before == ManifestWriter.ToJson(doc, includeSecrets: true) ? Unchanged : Updated;
                results.Add(new ApplyResult(doc.Type, doc.Name, status, []));
                if (status != Unchanged)
                {
                    pending.Add((doc, row, before));
                }
            }

            if (anyInvalid || dryRun || pending.Count == 0)
            {
                return results;
            }

            foreach (var (doc, row, before) in pending)
            {
                Write(db, doc, row, now);
                db.AuditEntries.Add(new AuditEntryEntity
                {
                    Actor = actor,
                    Action = before is null ? "create" : "update",
                    Target = doc.Type + ":" + doc.Name,
                    At = now,
                    BeforeJson = before is null ? null : Masked(before),
                    AfterJson = ManifestWriter.ToJson(doc),
                });
            }

            await db.SaveChangesAsync(ct);
            await snapshots.ChangedAsync(ct);
            return results;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<bool> DeleteAsync(string type, string name, string actor, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var (doc, row, before) = await LoadMergedAsync(db, Placeholder(type, name), ct);
            if (row is null || before is null)
            {
                return false;
            }

            db.Remove(row);
            db.AuditEntries.Add(new AuditEntryEntity
            {
                Actor = actor,
                Action = "delete",
                Target = doc.Type + ":" + name,
                At = time.GetUtcNow(),
                BeforeJson = Masked(before),
            });
            await db.SaveChangesAsync(ct);
            await snapshots.ChangedAsync(ct);
            return true;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Records a change made outside documents (tokens, user state, invitations, passwords); the caller has already
    /// saved it. <paramref name="after"/> and <paramref name="before"/> are JSON that must hold no secret.
    /// </summary>
    public async Task AuditAsync(string actor, string action, string target, string? after, CancellationToken ct, string? before = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.AuditEntries.Add(new AuditEntryEntity { Actor = actor, Action = action, Target = target, At = time.GetUtcNow(), BeforeJson = before, AfterJson = after });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The stored virtual-model groups, by name; a row that cannot be read is left out (the snapshot builder logs it).</summary>
    public async Task<List<VirtualModelGroupDocument>> ListGroupsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.VirtualModelGroups.AsNoTracking().OrderBy(g => g.Name).ToListAsync(ct);
        var result = new List<VirtualModelGroupDocument>(rows.Count);
        foreach (var row in rows)
        {
            if (ManifestReader.ReadDocument(System.Text.Json.Nodes.JsonNode.Parse(row.DocumentJson), []) is VirtualModelGroupDocument group)
            {
                result.Add(group);
            }
        }

        return result;
    }

    /// <summary>The stored rate-limit and budget documents, in the order they were first applied.</summary>
    public async Task<List<ManifestDocument>> ListLimitsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.LimitConfigs.AsNoTracking().OrderBy(c => c.Id).ToListAsync(ct);
        var result = new List<ManifestDocument>(rows.Count);
        foreach (var row in rows)
        {
            if (ManifestReader.ReadDocument(System.Text.Json.Nodes.JsonNode.Parse(row.DocumentJson), []) is { } doc) result.Add(doc);
        }

        return result;
    }

    /// <summary>One stored rate-limit or budget document of <paramref name="type"/>, or null.</summary>
    public async Task<ManifestDocument?> GetLimitAsync(string type, string name, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.LimitConfigs.AsNoTracking().FirstOrDefaultAsync(c => c.Type == type && c.Name == name, ct);
        return row is null ? null : ManifestReader.ReadDocument(System.Text.Json.Nodes.JsonNode.Parse(row.DocumentJson), []);
    }

    /// <summary>The stored team or virtual-account documents, by name.</summary>
    public async Task<List<ManifestDocument>> ListAsync(string type, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (type == ManifestTypes.Team)
        {
            var teams = await db.Teams.AsNoTracking().Include(t => t.Members).OrderBy(t => t.Name).ToListAsync(ct);
            return teams.ConvertAll(t => (ManifestDocument)TeamFrom(t));
        }

        var vas = await db.VirtualAccounts.AsNoTracking().Include(v => v.Permissions).OrderBy(v => v.Name).ToListAsync(ct);
        return vas.ConvertAll(v => (ManifestDocument)new VirtualAccountDocument(v.Name,
            v.Permissions.OrderBy(p => p.Id).Select(p => new PermissionDocument(p.ResourceFqn, p.ResourceType, p.RoleId)).ToList()));
    }

    /// <summary>One stored team or virtual-account document, or null.</summary>
    public async Task<ManifestDocument?> GetAsync(string type, string name, CancellationToken ct)
    {
        foreach (var document in await ListAsync(type, ct))
        {
            if (document.Name == name)
            {
                return document;
            }
        }

        return null;
    }

    // Accounts and account/model names a virtual-account permission may name: stored ones plus this request's.
    private static async Task<HashSet<string>> ResourcesAsync(SluiceDbContext db, IReadOnlyList<ManifestDocument> documents, CancellationToken ct)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in await db.ProviderAccounts.AsNoTracking().Include(a => a.Models).ToListAsync(ct))
        {
            result.Add(a.Name);
            foreach (var m in a.Models)
            {
                result.Add(a.Name + "/" + m.Name);
            }
        }

        foreach (var d in documents)
        {
            if (d is ProviderAccountDocument account)
            {
                result.Add(account.Name);
                foreach (var m in account.Integrations ?? [])
                {
                    result.Add(account.Name + "/" + m.Name);
                }
            }
        }

        return result;
    }

    private static void CheckResources(VirtualAccountDocument va, HashSet<string> resources, List<ValidationProblem> problems)
    {
        for (var i = 0; i < va.Permissions.Count; i++)
        {
            var fqn = va.Permissions[i].ResourceFqn;
            if (fqn.Length > 0 && !resources.Contains(fqn))
            {
                problems.Add(new ValidationProblem($"permissions[{i}].resource_fqn",
                    $"\"{fqn}\" is neither a provider account nor an account/model that exists"));
            }
        }
    }

    private static ManifestDocument Placeholder(string type, string name) => type switch
    {
        ManifestTypes.VirtualModelGroup => new VirtualModelGroupDocument(name),
        ManifestTypes.LoadBalancingConfig => new LoadBalancingConfigDocument(name),
        ManifestTypes.GatewayModelAliases => new GatewayModelAliasesDocument(name),
        ManifestTypes.GlobalSettings => new GlobalSettingsDocument(name),
        ManifestTypes.RateLimitingConfig => new RateLimitingConfigDocument(name),
        ManifestTypes.BudgetConfig => new BudgetConfigDocument(name),
        ManifestTypes.RateLimitV2 => new RateLimitDocument(name),
        ManifestTypes.TenantBudget or ManifestTypes.TeamBudget => new BudgetDocument(name, type),
        ManifestTypes.User => new UserDocument(name),
        ManifestTypes.Team => new TeamDocument(name, []),
        ManifestTypes.VirtualAccount => new VirtualAccountDocument(name, []),
        _ => new ProviderAccountDocument(name) { AccountType = type },
    };

    // Reads the stored row for the document's type+name; returns the document with stored secrets filled in and
    // the stored state as canonical JSON (secrets included, in memory only) for the "unchanged" comparison.
    private async Task<(ManifestDocument Doc, object? Row, string? Before)> LoadMergedAsync(SluiceDbContext db, ManifestDocument doc, CancellationToken ct)
    {
        switch (doc)
        {
            case ProviderAccountDocument account:
            {
                var row = await LoadAccountRowAsync(db, account.Name, ct, tracked: true);
                if (row is null)
                {
                    return (account, null, null);
                }

                var stored = DocumentMapper.ToDocument(row, codec);
                var merged = account.Auth is null ? account : account with { Auth = account.Auth.KeepSecretsFrom(stored.Auth) };
                return (merged, row, ManifestWriter.ToJson(stored, includeSecrets: true));
            }

            case LoadBalancingConfigDocument:
            {
                // One per tenant: a document of another name replaces the stored one.
                var row = await db.LoadBalancingConfigs.OrderBy(c => c.Id).FirstOrDefaultAsync(ct);
                return (doc, row, row?.DocumentJson);
            }

            case GatewayModelAliasesDocument:
            {
                // One per tenant, like the load-balancing config: a document of another name replaces the stored one.
                var row = await db.GatewayModelAliases.OrderBy(c => c.Id).FirstOrDefaultAsync(ct);
                return (doc, row, row?.DocumentJson);
            }

            case GlobalSettingsDocument:
            {
                // One per tenant, like the load-balancing config.
                var row = await db.GlobalSettings.OrderBy(c => c.Id).FirstOrDefaultAsync(ct);
                return (doc, row, row?.DocumentJson);
            }

            case RateLimitingConfigDocument or BudgetConfigDocument:
            {
                // One per tenant, as TrueFoundry has it: a document of another name replaces the stored one.
                var row = await db.LimitConfigs.Where(c => c.Type == doc.Type).OrderBy(c => c.Id).FirstOrDefaultAsync(ct);
                return (doc, row, row?.DocumentJson);
            }

            case RateLimitDocument or BudgetDocument:
            {
                var row = await db.LimitConfigs.FirstOrDefaultAsync(c => c.Type == doc.Type && c.Name == doc.Name, ct);
                return (doc, row, row?.DocumentJson);
            }

            case VirtualModelGroupDocument group:
            {
                var row = await db.VirtualModelGroups.FirstOrDefaultAsync(g => g.Name == group.Name, ct);
                return (group, row, row?.DocumentJson);
            }

            case UserDocument user:
            {
                user = user with { Name = Sluice.Core.Access.Subject.NormalizeEmail(user.Name) };
                var row = await db.Users.FirstOrDefaultAsync(u => u.Email == user.Name, ct);
                return (user, row, row is null ? null : ManifestWriter.ToJson(new UserDocument(row.Email)));
            }

            case TeamDocument team:
            {
                team = team with
                {
                    Members = team.Members.Select(Sluice.Core.Access.Subject.NormalizeEmail).Distinct().ToList(),
                    Managers = team.Managers.Select(Sluice.Core.Access.Subject.NormalizeEmail).Distinct().ToList(),
                };
                var row = await db.Teams.Include(t => t.Members).FirstOrDefaultAsync(t => t.Name == team.Name, ct);
                return (team, row, row is null ? null : ManifestWriter.ToJson(TeamFrom(row)));
            }

            case VirtualAccountDocument va:
            {
                var row = await db.VirtualAccounts.Include(v => v.Permissions).FirstOrDefaultAsync(v => v.Name == va.Name, ct);
                return (va, row, row is null ? null : ManifestWriter.ToJson(new VirtualAccountDocument(row.Name,
                    row.Permissions.OrderBy(p => p.Id).Select(p => new PermissionDocument(p.ResourceFqn, p.ResourceType, p.RoleId)).ToList())));
            }

            default:
                return (doc, null, null);
        }
    }

    private void Write(SluiceDbContext db, ManifestDocument doc, object? row, DateTimeOffset now)
    {
        switch (doc)
        {
            case ProviderAccountDocument account:
                var accountRow = row as ProviderAccountEntity;
                if (accountRow is null)
                {
                    accountRow = new ProviderAccountEntity { Name = account.Name, Type = account.AccountType, Region = account.Region, AuthType = "", CreatedAt = now };
                    db.ProviderAccounts.Add(accountRow);
                }

                DocumentMapper.Apply(account, accountRow, codec, now);
                break;
            case LoadBalancingConfigDocument rules:
                var rulesRow = row as LoadBalancingConfigEntity;
                if (rulesRow is null)
                {
                    rulesRow = new LoadBalancingConfigEntity { Name = rules.Name, DocumentJson = "" };
                    db.LoadBalancingConfigs.Add(rulesRow);
                }

                rulesRow.Name = rules.Name;
                rulesRow.DocumentJson = ManifestWriter.ToJson(rules);
                rulesRow.UpdatedAt = now;
                break;
            case GatewayModelAliasesDocument aliases:
                var aliasesRow = row as GatewayModelAliasesEntity;
                if (aliasesRow is null)
                {
                    aliasesRow = new GatewayModelAliasesEntity { Name = aliases.Name, DocumentJson = "" };
                    db.GatewayModelAliases.Add(aliasesRow);
                }

                aliasesRow.Name = aliases.Name;
                aliasesRow.DocumentJson = ManifestWriter.ToJson(aliases);
                aliasesRow.UpdatedAt = now;
                break;
            case GlobalSettingsDocument settings:
                var settingsRow = row as GlobalSettingsEntity;
                if (settingsRow is null)
                {
                    settingsRow = new GlobalSettingsEntity { Name = settings.Name, DocumentJson = "" };
                    db.GlobalSettings.Add(settingsRow);
                }

                settingsRow.Name = settings.Name;
                settingsRow.DocumentJson = ManifestWriter.ToJson(settings);
                settingsRow.UpdatedAt = now;
                break;
            case RateLimitingConfigDocument or BudgetConfigDocument or RateLimitDocument or BudgetDocument:
                var limitRow = row as LimitConfigEntity;
                if (limitRow is null)
                {
                    limitRow = new LimitConfigEntity { Type = doc.Type, Name = doc.Name, DocumentJson = "" };
                    db.LimitConfigs.Add(limitRow);
                }

                limitRow.Name = doc.Name;
                limitRow.DocumentJson = ManifestWriter.ToJson(doc);
                limitRow.UpdatedAt = now;
                break;
            case VirtualModelGroupDocument group:
                var groupRow = row as VirtualModelGroupEntity;
                if (groupRow is null)
                {
                    groupRow = new VirtualModelGroupEntity { Name = group.Name, DocumentJson = "", CreatedAt = now };
                    db.VirtualModelGroups.Add(groupRow);
                }

                groupRow.DocumentJson = ManifestWriter.ToJson(group);
                groupRow.UpdatedAt = now;
                break;
            case UserDocument user:
                if (row is null)
                {
                    db.Users.Add(new UserEntity { Email = user.Name, CreatedAt = now });
                }

                break;
            case TeamDocument team:
                var teamRow = row as TeamEntity;
                if (teamRow is null)
                {
                    teamRow = new TeamEntity { Name = team.Name, CreatedAt = now };
                    db.Teams.Add(teamRow);
                }

                teamRow.Managers = team.Managers.Count == 0 ? null : string.Join('\n', team.Managers);
                teamRow.Members.RemoveAll(m => !team.Members.Contains(m.Email));
                foreach (var email in team.Members.Distinct())
                {
                    if (!teamRow.Members.Exists(m => m.Email == email))
                    {
                        teamRow.Members.Add(new TeamMemberEntity { Email = email });
                    }
                }

                break;
            case VirtualAccountDocument va:
                var vaRow = row as VirtualAccountEntity;
                if (vaRow is null)
                {
                    vaRow = new VirtualAccountEntity { Name = va.Name, CreatedAt = now };
                    db.VirtualAccounts.Add(vaRow);
                }

                vaRow.Permissions.Clear();
                foreach (var p in va.Permissions)
                {
                    vaRow.Permissions.Add(new VirtualAccountPermissionEntity { ResourceFqn = p.ResourceFqn, ResourceType = p.ResourceType, RoleId = p.RoleId });
                }

                break;
        }
    }

    /// <summary>A stored team as its document: members in the order they were added, managers as applied.</summary>
    public static TeamDocument TeamFrom(TeamEntity row) =>
        new(row.Name, row.Members.OrderBy(m => m.Id).Select(m => m.Email).ToList()) { Managers = ManagersOf(row) };

    /// <summary>The managers' emails of a stored team (one per line in its row).</summary>
    public static List<string> ManagersOf(TeamEntity row) =>
        row.Managers is null ? [] : [.. row.Managers.Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    private static Task<ProviderAccountEntity?> LoadAccountRowAsync(SluiceDbContext db, string name, CancellationToken ct, bool tracked = false)
    {
        var query = db.ProviderAccounts.Include(a => a.Models).Include(a => a.Collaborators).AsSplitQuery();
        return (tracked ? query : query.AsNoTracking()).FirstOrDefaultAsync(a => a.Name == name, ct);
    }

    // The comparison JSON holds secrets; the audit log gets the same document re-written with them masked.
    private static string Masked(string canonicalJson)
    {
        var problems = new List<ValidationProblem>();
        var doc = ManifestReader.ReadDocument(System.Text.Json.Nodes.JsonNode.Parse(canonicalJson), problems);
        return doc is null ? "{}" : ManifestWriter.ToJson(doc);
    }
}
