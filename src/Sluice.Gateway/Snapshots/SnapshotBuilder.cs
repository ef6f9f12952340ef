using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Sluice.Bedrock.Catalogue;
using Sluice.Core.Access;
using Sluice.Core.Configuration;
using Sluice.Core.Pricing;
using Sluice.Core.Providers;
using Sluice.Coordination;
using Sluice.Gateway.Admin;
using Sluice.Gateway.Manifests;
using Sluice.Gateway.Security;
using Sluice.Storage;
using Sluice.Storage.Entities;

namespace Sluice.Gateway.Snapshots;

/// <summary>
/// Loads the whole configuration from the store, builds providers, prices, allowed subjects and key entries,
/// and publishes the result as one new snapshot. Builds are serialized; the request path never waits on them.
/// </summary>
public sealed partial class SnapshotBuilder(
    IDbContextFactory<SluiceDbContext> dbFactory,
    AccountSecretsCodec codec,
    IProviderRuntime runtime,
    SnapshotHolder holder,
    ILogger<SnapshotBuilder> logger,
    TimeProvider? time = null,
    IChangeChannel? changes = null,
    Telemetry.GatewayMetrics? metrics = null,
    Telemetry.GenAiInstruments? genAi = null)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private long _version;
    private long _builtConfigVersion = -1;

    /// <summary>The store's configuration version the current snapshot was built from (-1 before the first build).</summary>
    public long BuiltConfigVersion => Interlocked.Read(ref _builtConfigVersion);

    /// <summary>
    /// After a configuration change was saved: bumps the store's configuration version (which the other instances
    /// poll), rebuilds this instance's snapshot, and announces the version on the change channel when there is one.
    /// </summary>
    public async Task ChangedAsync(CancellationToken ct)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await db.ClusterState.Where(c => c.Id == ClusterStateEntity.SingletonId)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.ConfigVersion, c => c.ConfigVersion + 1), ct);
        }

        await RebuildAsync(ct);
        changes?.Publish(BuiltConfigVersion);
    }

    public async Task RebuildAsync(CancellationToken ct)
    {
        await _lock.WaitAsync(ct);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            // Read first: a change saved after this read bumps the version again, so the next poll rebuilds once more.
            var configVersion = await db.ClusterState.AsNoTracking().Where(c => c.Id == ClusterStateEntity.SingletonId)
                .Select(c => c.ConfigVersion).FirstOrDefaultAsync(ct);
            var accounts = await db.ProviderAccounts.AsNoTracking().Include(a => a.Models).Include(a => a.Collaborators).AsSplitQuery().ToListAsync(ct);
            var users = await db.Users.AsNoTracking().ToListAsync(ct);
            var teams = await db.Teams.AsNoTracking().Include(t => t.Members).ToListAsync(ct);
            var virtualAccounts = await db.VirtualAccounts.AsNoTracking().Include(v => v.Permissions).ToListAsync(ct);
            var keys = await db.ApiKeys.AsNoTracking().Where(k => k.RevokedAt == null).ToListAsync(ct);
            var groups = ReadGroups(await db.VirtualModelGroups.AsNoTracking().ToListAsync(ct));
            var rulesRow = await db.LoadBalancingConfigs.AsNoTracking().OrderBy(c => c.Id).FirstOrDefaultAsync(ct);
            var aliasesRow = await db.GatewayModelAliases.AsNoTracking().OrderBy(c => c.Id).FirstOrDefaultAsync(ct);
            var tenantRetry = TenantRetry(await db.GlobalSettings.AsNoTracking().OrderBy(c => c.Id).FirstOrDefaultAsync(ct));
            var limitRows = await db.LimitConfigs.AsNoTracking().OrderBy(c => c.Id).ToListAsync(ct);

            var documents = new List<ProviderAccountDocument>(accounts.Count);
            var createdAt = new Dictionary<(string Account, string Model), DateTimeOffset>();
            foreach (var row in accounts)
            {
                try
                {
                    documents.Add(DocumentMapper.ToDocument(row, codec));
                    foreach (var m in row.Models)
                    {
                        createdAt[(row.Name, m.Name)] = m.CreatedAt;
                    }
                }
                catch (System.Security.Cryptography.CryptographicException)
                {
                    LogUndecryptable(logger, row.Name);
                }
            }

            // The one place access rules are computed: Core's AccessModel, built once per snapshot.
            var access = AccessModel.Build(AccessInput(users, teams, virtualAccounts, documents, groups));
            var models = new Dictionary<string, ModelRoute>(StringComparer.Ordinal);
            foreach (var account in documents)
            {
                foreach (var model in account.Integrations ?? [])
                {
                    IModelProvider provider;
                    bool passthrough;
                    try
                    {
                        provider = runtime.CreateProvider(account, model);
                        passthrough = provider is IChatPassthroughProvider; // asked before a decorator hides it
                        if (genAi is not null)
                        {
                            // Every upstream attempt (direct, retried, fallen back to) goes through this decorator.
                            provider = new Telemetry.InstrumentedModelProvider(provider,
                                runtime.Target(account, model), genAi);
                        }
                    }
                    catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
                    {
                        LogProviderFailed(logger, account.Name, model.Name, e.Message);
                        continue;
                    }

                    var route = new ModelRoute(account.Name, model.Name, Types(model.ModelTypes), model.ModelId, provider, runtime.Price(account, model),
                        access.AllowedSubjectsFor(account.Name, model.Name))
                    {
                        PrivateCost = PrivateCost(model),
                        DropParams = model.DropParams,
                        ChatPassthrough = passthrough ? ChatPassthroughTargets.All : ChatPassthroughTargets.None,
                        CreatedAt = createdAt.GetValueOrDefault((account.Name, model.Name)),
                    };
                    models[route.FullName] = route;
                }
            }

            var realModels = new Dictionary<string, ModelRoute>(models, StringComparer.Ordinal);
            AddVirtualModels(models, groups, access, tenantRetry);
            var rules = rulesRow is null ? [] : RoutingRules(rulesRow, realModels, tenantRetry);

            // Keys of deactivated or unknown users and deleted virtual accounts have no principal and are left out.
            var entries = new Dictionary<string, ApiKeyEntry>(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                if (PrincipalOf(access, key.OwnerSubject) is { } principal)
                {
                    entries[key.Id] = new ApiKeyEntry(key.Id, key.Salt, key.Hash, principal, key.ExpiresAt);
                }
            }

            var snapshot = new GatewaySnapshot
            {
                Version = Interlocked.Increment(ref _version),
                Models = models.ToFrozenDictionary(StringComparer.Ordinal),
                Keys = entries.ToFrozenDictionary(StringComparer.Ordinal),
                Access = access,
                RoutingRules = rules,
                Aliases = Aliases(aliasesRow, documents, models),
                Limits = Limits(limitRows),
            };
            holder.Publish(snapshot);
            metrics?.SnapshotRebuilt(System.Diagnostics.Stopwatch.GetElapsedTime(started));
            Interlocked.Exchange(ref _builtConfigVersion, configVersion);
            LogPublished(logger, snapshot.Version, configVersion, models.Count, entries.Count);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// The lookup of gateway-wide and account aliases (gateway-wide first: it wins). An alias whose model is not in
    /// this snapshot (its provider could not be built, or it was deleted) is left out, so it answers 404 like any
    /// unknown name instead of pointing nowhere.
    /// </summary>
    private ModelAliases Aliases(Storage.Entities.GatewayModelAliasesEntity? row, List<ProviderAccountDocument> accounts, Dictionary<string, ModelRoute> models)
    {
        var gatewayWide = new List<ModelAlias>();
        if (row is not null)
        {
            var problems = new List<ValidationProblem>();
            if (ManifestReader.ReadDocument(System.Text.Json.Nodes.JsonNode.Parse(row.DocumentJson), problems) is GatewayModelAliasesDocument document && problems.Count == 0)
            {
                foreach (var a in document.Aliases)
                {
                    if (models.ContainsKey(a.Model)) gatewayWide.Add(new ModelAlias(a.Name, a.Model));
                }
            }
            else
            {
                LogAliasesUnreadable(logger, row.Name, problems.Count > 0 ? problems[0].Path + ": " + problems[0].Message : "not a gateway-model-aliases document");
            }
        }

        var perAccount = new List<ModelAlias>();
        foreach (var account in accounts)
        {
            foreach (var model in account.Integrations ?? [])
            {
                var target = account.Name + "/" + model.Name;
                if (model.Aliases is null || !models.ContainsKey(target)) continue;
                foreach (var alias in model.Aliases)
                {
                    perAccount.Add(new ModelAlias(alias, target));
                }
            }
        }

        return gatewayWide.Count == 0 && perAccount.Count == 0 ? ModelAliases.Empty : ModelAliases.Build(gatewayWide, perAccount);
    }

    /// <summary>The principal an API key or session acts as: its user's or virtual account's, or null when gone.</summary>
    public static Principal? PrincipalOf(AccessModel access, string ownerSubject)
    {
        if (ownerSubject.StartsWith(Subject.UserPrefix, StringComparison.Ordinal))
        {
            return access.PrincipalFor(ownerSubject[Subject.UserPrefix.Length..]);
        }

        return ownerSubject.StartsWith(Subject.VirtualAccountPrefix, StringComparison.Ordinal)
            ? access.PrincipalForVirtualAccount(ownerSubject[Subject.VirtualAccountPrefix.Length..])
            : null;
    }

    private static AccessModelInput AccessInput(
        List<Storage.Entities.UserEntity> users,
        List<Storage.Entities.TeamEntity> teams,
        List<Storage.Entities.VirtualAccountEntity> virtualAccounts,
        List<ProviderAccountDocument> accounts,
        List<VirtualModelGroupDocument> groups) => new()
    {
        Users = users.ConvertAll(u => new UserInput(u.Email, u.Active, u.IsTenantAdmin)),
        Teams = teams.ConvertAll(t => new TeamInput(t.Name, t.Members.ConvertAll(m => m.Email))),
        VirtualAccounts = virtualAccounts.ConvertAll(v => new VirtualAccountInput(v.Name, v.Permissions.ConvertAll(p => new PermissionInput(p.ResourceFqn, p.RoleId)))),
        Accounts = accounts.ConvertAll(a => new ProviderAccountInput(
            a.Name,
            (a.Collaborators ?? []).Select(c => new CollaboratorInput(c.Subject, c.RoleId)).ToList(),
            (a.Integrations ?? []).Select(m => new ProviderModelInput(m.Name, m.AuthorizedSubjects)).ToList()))
            // A virtual-model group's collaborators decide who calls its models, exactly as an account's do.
            .Concat(groups.ConvertAll(g => new ProviderAccountInput(
                g.Name,
                (g.Collaborators ?? []).Select(c => new CollaboratorInput(c.Subject, c.RoleId)).ToList(),
                (g.Integrations ?? []).Select(m => new ProviderModelInput(m.Name)).ToList())))
            .ToList(),
    };

    private List<VirtualModelGroupDocument> ReadGroups(List<Storage.Entities.VirtualModelGroupEntity> rows)
    {
        var groups = new List<VirtualModelGroupDocument>(rows.Count);
        foreach (var row in rows)
        {
            var problems = new List<ValidationProblem>();
            if (ManifestReader.ReadDocument(System.Text.Json.Nodes.JsonNode.Parse(row.DocumentJson), problems) is VirtualModelGroupDocument group && problems.Count == 0)
            {
                groups.Add(group);
            }
            else
            {
                LogGroupUnreadable(logger, row.Name, problems.Count > 0 ? problems[0].Path + ": " + problems[0].Message : "not a virtual-model group");
            }
        }

        return groups;
    }

    /// <summary>The tenant's <c>retry_settings</c> (<c>gateway-global-settings</c>) as a policy; null when none is stored (or it cannot be read).</summary>
    private Sluice.Core.Routing.RetryPolicy? TenantRetry(Storage.Entities.GlobalSettingsEntity? row)
    {
        if (row is null) return null;
        var problems = new List<ValidationProblem>();
        if (ManifestReader.ReadDocument(System.Text.Json.Nodes.JsonNode.Parse(row.DocumentJson), problems) is not GlobalSettingsDocument settings || problems.Count > 0)
        {
            LogGroupUnreadable(logger, row.Name, problems.Count > 0 ? problems[0].Path + ": " + problems[0].Message : "not a gateway-global-settings");
            return null;
        }

        return settings.RetrySettings is { } retry ? VirtualModelFactory.Policy(retry) : null;
    }

    private Sluice.Core.Routing.RoutingRule[] RoutingRules(Storage.Entities.LoadBalancingConfigEntity row, Dictionary<string, ModelRoute> realModels,
        Sluice.Core.Routing.RetryPolicy? tenantRetry)
    {
        var problems = new List<ValidationProblem>();
        if (ManifestReader.ReadDocument(System.Text.Json.Nodes.JsonNode.Parse(row.DocumentJson), problems) is not LoadBalancingConfigDocument config || problems.Count > 0)
        {
            LogGroupUnreadable(logger, row.Name, problems.Count > 0 ? problems[0].Path + ": " + problems[0].Message : "not a gateway-load-balancing-config");
            return [];
        }

        var rules = new List<Sluice.Core.Routing.RoutingRule>(config.Rules.Count);
        foreach (var rule in config.Rules)
        {
            var built = VirtualModelFactory.Rule(config, rule, realModels, holder.Current, time ?? TimeProvider.System, Random.Shared, out var missing, tenantRetry);
            if (missing is not null) LogTargetMissing(logger, config.Name + "/" + rule.Id, missing);
            if (built is not null) rules.Add(built);
        }

        return [.. rules];
    }

    private Sluice.Limits.Rules.LimitSet? Limits(List<Storage.Entities.LimitConfigEntity> rows)
    {
        var documents = new List<ManifestDocument>(rows.Count);
        foreach (var row in rows)
        {
            var problems = new List<ValidationProblem>();
            if (ManifestReader.ReadDocument(System.Text.Json.Nodes.JsonNode.Parse(row.DocumentJson), problems) is { } doc && problems.Count == 0)
            {
                documents.Add(doc);
            }
            else
            {
                LogGroupUnreadable(logger, row.Type + " " + row.Name, problems.Count > 0 ? problems[0].Path + ": " + problems[0].Message : "unreadable");
            }
        }

        var set = LimitSetFactory.Build(documents);
        return set.IsEmpty ? null : set;
    }

    private void AddVirtualModels(Dictionary<string, ModelRoute> models, List<VirtualModelGroupDocument> groups, AccessModel access,
        Sluice.Core.Routing.RetryPolicy? tenantRetry)
    {
        var real = new Dictionary<string, ModelRoute>(models, StringComparer.Ordinal);
        var previous = holder.Current;
        foreach (var group in groups)
        {
            foreach (var model in group.Integrations ?? [])
            {
                if (model.RoutingConfig is null) continue;
                var route = VirtualModelFactory.Build(group.Name, model, real, previous, access.AllowedSubjectsFor(group.Name, model.Name),
                    time ?? TimeProvider.System, Random.Shared, out var missing, tenantRetry);
                if (missing is not null)
                {
                    LogTargetMissing(logger, group.Name + "/" + model.Name, missing);
                }

                if (route is null) continue;
                models[route.FullName] = route;
                if (model.Slug is { } slug) models.TryAdd(slug, route);
            }
        }
    }

    /// <summary>The model's private cost, which replaces the public price; null when the manifest sets none.</summary>
    public static PrivateCost? PrivateCost(IntegrationDocument model) => model.Cost is not { } c
        ? null
        : new PrivateCost(c.Per1000Tokens?.Input, c.Per1000Tokens?.Output, c.Per1000Tokens?.CacheRead, c.Per1000Tokens?.CacheWrite,
            c.PerImage, c.PerRequest);

    public static ModelType Types(IReadOnlyList<string> types)
    {
        var result = ModelType.None;
        foreach (var t in types)
        {
            result |= t switch
            {
                "chat" => ModelType.Chat,
                "embedding" => ModelType.Embedding,
                "image" => ModelType.Image,
                _ => ModelType.None,
            };
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Configuration snapshot {Version} (configuration version {ConfigVersion}) published: {Models} models, {Keys} API keys")]
    private static partial void LogPublished(ILogger logger, long version, long configVersion, int models, int keys);

    [LoggerMessage(Level = LogLevel.Error, Message = "The secrets of provider account {Account} cannot be decrypted with the current master key; its models are left out")]
    private static partial void LogUndecryptable(ILogger logger, string account);

    [LoggerMessage(Level = LogLevel.Error, Message = "Virtual-model group {Group} could not be read and is left out: {Reason}")]
    private static partial void LogGroupUnreadable(ILogger logger, string group, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The gateway-model-aliases document {Name} could not be read and is left out: {Reason}")]
    private static partial void LogAliasesUnreadable(ILogger logger, string name, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Virtual model {Model} names the target {Target}, which no longer exists; it routes over its other targets (and is left out when none is left)")]
    private static partial void LogTargetMissing(ILogger logger, string model, string target);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model {Account}/{Model} could not be set up and is left out: {Reason}")]
    private static partial void LogProviderFailed(ILogger logger, string account, string model, string reason);
}
