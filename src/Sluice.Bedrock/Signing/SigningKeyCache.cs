using System.Collections.Concurrent;
using Amazon.Runtime.Internal.Auth;

namespace Sluice.Bedrock.Signing;

/// <summary>
/// Derived SigV4 signing keys per (secret, date, region, service): the four-step HMAC chain runs once a day per
/// credential instead of on every request.
/// </summary>
internal sealed class SigningKeyCache(int capacity)
{
    private readonly ConcurrentDictionary<Key, SigningKey> _keys = new();

    public int Count => _keys.Count;

    public SigningKey Get(string secret, string date, string region, string service)
    {
        var key = new Key(secret, date, region, service);
        if (_keys.TryGetValue(key, out var cached))
        {
            return cached;
        }

        // Rotating session credentials add keys over time; dropping all at the cap is simpler than LRU and costs one derivation each.
        if (_keys.Count >= capacity)
        {
            _keys.Clear();
        }

        var derived = new SigningKey(AWS4Signer.ComposeSigningKey(secret, region, date, service), SigningKey.ScopeOf(date, region, service));
        _keys[key] = derived;
        return derived;
    }

    private readonly record struct Key(string Secret, string Date, string Region, string Service);
}
