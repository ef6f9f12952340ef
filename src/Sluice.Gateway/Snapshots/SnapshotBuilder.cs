using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Sluice.Bedrock.Catalogue;
using Sluice.Core.Access;
using Sluice.Core.Configuration;
using Sluice.Core.Pricing;
using Sluice.Core.Providers;
using Sluice.Gateway.Admin;
using Sluice.Gateway.Manifests;
using Sluice.Gateway.Security;
using Sluice.Storage;

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
    ILogger<SnapshotBuilder> logger)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private long _version;

    public async Task RebuildAsync(CancellationToken ct)
    {
        await _lock.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var accounts = await db.ProviderAccounts.AsNoTracking().Include(a => a.Models).Include(a => a.Collaborators).AsSplitQuery().ToListAsync(ct);
            var users = await db.Users.AsNoTracking().ToListAsync(ct);
            var teams = await db.Teams.AsNoTracking().Include(t => t.Members).ToListAsync(ct);
            var virtualAccounts = await db.VirtualAccounts.AsNoTracking().Include(v => v.Permissions).ToListAsync(ct);
            var keys = await db.ApiKeys.AsNoTracking().Where(k => k.RevokedAt == null).ToListAsync(ct);

            // team name -> member emails; email -> team names
            var teamsOfUser = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var t in teams)
            {
                foreach (var m in t.Members)
                {
                    if (!teamsOfUser.TryGetValue(m.Email, out var list))
                    {
                        teamsOfUser[m.Email] = list = [];
                    }

                    list.Add(t.Name);
                }
            }

            // Virtual accounts get access through their permissions, keyed by account or account/model.
            var vaGrants = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var va in virtualAccounts)
            {
                foreach (var p in va.Permissions)
                {
                    if (!vaGrants.TryGetValue(p.ResourceFqn, out var list))
                    {
                        vaGrants[p.ResourceFqn] = list = [];
                    }

                    list.Add("virtualaccount:" + va.Name);
                }
            }

            var models = new Dictionary<string, ModelRoute>(StringComparer.Ordinal);
            var managers = new Dictionary<string, FrozenSet<string>>(StringComparer.Ordinal);
            foreach (var row in accounts)
            {
                ProviderAccountDocument account;
                try
                {
                    account = DocumentMapper.ToDocument(row, codec);
                }
                catch (System.Security.Cryptography.CryptographicException)
                {
                    LogUndecryptable(logger, row.Name);
                    continue;
                }

                var accountSubjects = new HashSet<string>(StringComparer.Ordinal);
                var accountManagers = new HashSet<string>(StringComparer.Ordinal);
                foreach (var c in account.Collaborators ?? [])
                {
                    accountSubjects.Add(c.Subject);
                    if (c.RoleId == ManifestTypes.AccountManagerRole)
                    {
                        accountManagers.Add(c.Subject);
                    }
                }

                if (vaGrants.TryGetValue(account.Name, out var accountGrants))
                {
                    accountSubjects.UnionWith(accountGrants);
                }

                managers[account.Name] = accountManagers.ToFrozenSet(StringComparer.Ordinal);
                foreach (var model in account.Integrations ?? [])
                {
                    IModelProvider provider;
                    try
                    {
                        provider = runtime.CreateProvider(account, model);
                    }
                    catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
                    {
                        LogProviderFailed(logger, account.Name, model.Name, e.Message);
                        continue;
                    }

                    var allowed = new HashSet<string>(accountSubjects, StringComparer.Ordinal);
                    if (vaGrants.TryGetValue(account.Name + "/" + model.Name, out var modelGrants))
                    {
                        allowed.UnionWith(modelGrants);
                    }

                    if (model.AuthorizedSubjects is { } authorized)
                    {
                        allowed = Narrow(allowed, authorized, teamsOfUser);
                    }

                    var route = new ModelRoute(account.Name, model.Name, Types(model.ModelTypes), model.ModelId, provider, Price(model),
                        allowed.ToFrozenSet(StringComparer.Ordinal));
                    models[route.FullName] = route;
                }
            }

            var entries = new Dictionary<string, ApiKeyEntry>(StringComparer.Ordinal);
            var usersByEmail = users.ToDictionary(u => u.Email, StringComparer.Ordinal);
            var vaNames = virtualAccounts.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                if (PrincipalFor(key.OwnerSubject, usersByEmail, vaNames, teamsOfUser) is { } principal)
                {
                    entries[key.Id] = new ApiKeyEntry(key.Id, key.Salt, key.Hash, principal, key.ExpiresAt);
                }
            }

            var snapshot = new GatewaySnapshot
            {
                Version = Interlocked.Increment(ref _version),
                Models = models.ToFrozenDictionary(StringComparer.Ordinal),
                Keys = entries.ToFrozenDictionary(StringComparer.Ordinal),
            };
            holder.Publish(snapshot, new AccessIndex(managers.ToFrozenDictionary(StringComparer.Ordinal)));
            LogPublished(logger, snapshot.Version, models.Count, entries.Count);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Price per million tokens: the private cost (given per 1000) wins, else the catalogue's public price.</summary>
    public static ModelPrice Price(IntegrationDocument model)
    {
        if (model.Cost is { } c)
        {
            return new ModelPrice(c.Input * 1000, c.Output * 1000, c.CacheRead * 1000, c.CacheWrite * 1000, IsPrivate: true);
        }

        return BedrockCatalogue.Find(model.ModelId)?.Price ?? ModelPrice.Unknown;
    }

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

    // A subject named on the model stays only if the account already lets it in: directly, or for a user
    // through one of their teams (team:everyone holds every user).
    private static HashSet<string> Narrow(HashSet<string> accountAllowed, IReadOnlyList<string> authorized, Dictionary<string, List<string>> teamsOfUser)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var subject in authorized)
        {
            if (accountAllowed.Contains(subject))
            {
                result.Add(subject);
                continue;
            }

            if (subject.StartsWith("user:", StringComparison.Ordinal))
            {
                if (accountAllowed.Contains("team:everyone"))
                {
                    result.Add(subject);
                    continue;
                }

                if (teamsOfUser.TryGetValue(subject[5..], out var userTeams) && userTeams.Exists(t => accountAllowed.Contains("team:" + t)))
                {
                    result.Add(subject);
                }
            }
        }

        return result;
    }

    private static Principal? PrincipalFor(string owner, Dictionary<string, Storage.Entities.UserEntity> users, HashSet<string> vaNames, Dictionary<string, List<string>> teamsOfUser)
    {
        if (owner.StartsWith("user:", StringComparison.Ordinal))
        {
            var email = owner[5..];
            if (!users.TryGetValue(email, out var user) || !user.Active)
            {
                return null;
            }

            var subjects = new List<string> { owner, "team:everyone" };
            if (teamsOfUser.TryGetValue(email, out var userTeams))
            {
                foreach (var t in userTeams)
                {
                    subjects.Add("team:" + t);
                }
            }

            return new Principal(owner, user.IsTenantAdmin ? PrincipalKind.TenantAdmin : PrincipalKind.User, email, subjects.ToFrozenSet(StringComparer.Ordinal));
        }

        if (owner.StartsWith("virtualaccount:", StringComparison.Ordinal) && vaNames.Contains(owner["virtualaccount:".Length..]))
        {
            return new Principal(owner, PrincipalKind.VirtualAccount, owner["virtualaccount:".Length..], new[] { owner }.ToFrozenSet(StringComparer.Ordinal));
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Configuration snapshot {Version} published: {Models} models, {Keys} API keys")]
    private static partial void LogPublished(ILogger logger, long version, int models, int keys);

    [LoggerMessage(Level = LogLevel.Error, Message = "The secrets of provider account {Account} cannot be decrypted with the current master key; its models are left out")]
    private static partial void LogUndecryptable(ILogger logger, string account);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model {Account}/{Model} could not be set up and is left out: {Reason}")]
    private static partial void LogProviderFailed(ILogger logger, string account, string model, string reason);
}
