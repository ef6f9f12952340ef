using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Sluice.AzureOpenAI.Emulator.Entra;

/// <summary>
/// The emulated Microsoft Entra ID: tenants with app registrations, and the access tokens it has issued (which the
/// emulated Azure OpenAI accepts until they expire). Thread-safe; tests add apps and read counters while it runs.
/// </summary>
public sealed class EntraDirectory(TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Tenant, string Client), EntraApp> _apps = new();
    private readonly ConcurrentDictionary<string, IssuedToken> _tokens = new(StringComparer.Ordinal);
    private int _tokenRequests;

    /// <summary>The emulator's clock (tests share a fake one with the gateway to expire tokens).</summary>
    public TimeProvider Time { get; } = time;

    /// <summary>The <c>expires_in</c> of issued tokens; Entra's is about an hour.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromSeconds(3599);

    /// <summary>Token requests received, successful or not.</summary>
    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>Tokens issued so far.</summary>
    public int TokensIssued => _tokens.Count;

    public void Add(EntraApp app) => _apps[(app.TenantId.ToLowerInvariant(), app.ClientId.ToLowerInvariant())] = app;

    public bool HasTenant(string tenantId)
    {
        var tenant = tenantId.ToLowerInvariant();
        foreach (var key in _apps.Keys)
        {
            if (key.Tenant == tenant) return true;
        }

        return false;
    }

    public EntraApp? Find(string tenantId, string clientId) =>
        _apps.GetValueOrDefault((tenantId.ToLowerInvariant(), clientId.ToLowerInvariant()));

    internal void CountRequest() => Interlocked.Increment(ref _tokenRequests);

    /// <summary>Issues a new opaque access token for <paramref name="app"/>.</summary>
    internal string Issue(EntraApp app)
    {
        var token = "eyJ0eXAiOiJKV1QifQ." + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _tokens[token] = new IssuedToken(app.TenantId, app.ClientId, Time.GetUtcNow() + TokenLifetime);
        return token;
    }

    /// <summary>Whether <paramref name="token"/> was issued here and has not expired.</summary>
    public bool IsValid(string token) => _tokens.TryGetValue(token, out var issued) && Time.GetUtcNow() < issued.ExpiresOn;

    private sealed record IssuedToken(string TenantId, string ClientId, DateTimeOffset ExpiresOn);
}
