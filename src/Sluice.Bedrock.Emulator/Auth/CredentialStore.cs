using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Sluice.Bedrock.Emulator;

/// <summary>Temporary credentials issued by this emulator's STS, keyed by ASIA access key.</summary>
internal sealed class CredentialStore
{
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private readonly ConcurrentDictionary<string, TemporaryCredential> _issued = new(StringComparer.Ordinal);

    public TemporaryCredential Issue(FixtureRole role, string sessionName, DateTimeOffset expiration)
    {
        var credential = new TemporaryCredential(
            "ASIA" + RandomString(Upper, 16),
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)),
            "IQoJb3JpZ2luX2VjE" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(180)),
            expiration,
            role,
            sessionName,
            "AROA" + StableId(role.Arn));
        _issued[credential.AccessKeyId] = credential;
        return credential;
    }

    public TemporaryCredential? Find(string accessKeyId) => _issued.TryGetValue(accessKeyId, out var c) ? c : null;

    public static string StableId(string seed)
    {
        var hash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed));
        var chars = new char[17];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Upper[hash[i] % Upper.Length];
        }

        return new string(chars);
    }

    private static string RandomString(string alphabet, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        }

        return new string(chars);
    }
}
