using Amazon.Runtime.Internal.Auth;
using Sluice.Bedrock.Runtime;

namespace Sluice.Bedrock.Signing;

/// <summary>
/// Derived SigV4 signing keys per (secret, date, region, service): the four-step HMAC chain runs once a day per
/// credential instead of on every request. Rotating session credentials add keys over time; the cache empties itself
/// at its capacity.
/// </summary>
internal sealed class SigningKeyCache(int capacity)
{
    private readonly BoundedCache<Key, SigningKey> _keys = new(capacity);

    public int Count => _keys.Count;

    public SigningKey Get(string secret, string date, string region, string service) =>
        _keys.GetOrAdd(new Key(secret, date, region, service), static (k, _) =>
            new SigningKey(AWS4Signer.ComposeSigningKey(k.Secret, k.Region, k.Date, k.Service), SigningKey.ScopeOf(k.Date, k.Region, k.Service)), 0);

    private readonly record struct Key(string Secret, string Date, string Region, string Service);
}
