using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Sluice.Core.Access;

/// <summary>
/// The shape of Sluice API keys: <c>sk-sluice-{id}.{secret}</c>. The id locates the key in the snapshot; only a
/// salted SHA-256 of the secret is stored. Tokens of any other shape (such as an operator-chosen
/// <c>SLUICE_ADMIN_TOKEN</c>) are located by a digest of the whole token and verified the same way.
/// </summary>
public static class ApiKeyFormat
{
    public const string Prefix = "sk-sluice-";
    private const int IdLength = 16;

    /// <summary>Makes a new key. The token is shown once; the caller stores id, salt and hash.</summary>
    public static (string Token, string Id, byte[] Salt, byte[] Hash) Generate()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdLength / 2));
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var salt = RandomNumberGenerator.GetBytes(16);
        return (Prefix + id + "." + secret, id, salt, ComputeHash(salt, secret));
    }

    /// <summary>Stores an operator-chosen token (any shape) under the id this class will look it up by.</summary>
    public static (string Id, byte[] Salt, byte[] Hash) ForExternalToken(string token)
    {
        var (id, secret) = Split(token);
        var salt = RandomNumberGenerator.GetBytes(16);
        return (id, salt, ComputeHash(salt, secret));
    }

    /// <summary>The snapshot key of a presented token, and the part of it that is hashed.</summary>
    public static (string Id, string Secret) Split(string token)
    {
        if (token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            var dot = token.IndexOf('.', Prefix.Length);
            if (dot == Prefix.Length + IdLength && dot < token.Length - 1)
            {
                return (token.Substring(Prefix.Length, IdLength), token[(dot + 1)..]);
            }
        }

        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), digest);
        return ("x" + Convert.ToHexStringLower(digest[..8]), token);
    }

    public static byte[] ComputeHash(ReadOnlySpan<byte> salt, string secret)
    {
        var secretBytes = Encoding.UTF8.GetBytes(secret);
        var input = new byte[salt.Length + secretBytes.Length];
        salt.CopyTo(input);
        secretBytes.CopyTo(input.AsSpan(salt.Length));
        return SHA256.HashData(input);
    }

    /// <summary>Constant-time check of a presented secret against the stored salted hash.</summary>
    public static bool Verify(ApiKeyEntry entry, string secret) =>
        CryptographicOperations.FixedTimeEquals(ComputeHash(entry.Salt, secret), entry.Hash);
}
