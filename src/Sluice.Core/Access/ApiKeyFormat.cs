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
        Span<char> idBuffer = stackalloc char[ExternalIdLength];
        Split(token, idBuffer, out var id, out var secret);
        return (id.ToString(), secret.ToString());
    }

    /// <summary>The characters an id written by <see cref="Split(ReadOnlySpan{char}, Span{char}, out ReadOnlySpan{char}, out ReadOnlySpan{char})"/> may need.</summary>
    public const int ExternalIdLength = 17;

    /// <summary>
    /// As <see cref="Split(string)"/>, without allocating (every API call checks its key): the id and secret are slices
    /// of <paramref name="token"/>, except the id of a token of another shape, which is written into
    /// <paramref name="idBuffer"/> (<see cref="ExternalIdLength"/> characters).
    /// </summary>
    public static void Split(ReadOnlySpan<char> token, Span<char> idBuffer, out ReadOnlySpan<char> id, out ReadOnlySpan<char> secret)
    {
        if (token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            var dot = token[Prefix.Length..].IndexOf('.');
            if (dot == IdLength && Prefix.Length + dot < token.Length - 1)
            {
                id = token.Slice(Prefix.Length, IdLength);
                secret = token[(Prefix.Length + IdLength + 1)..];
                return;
            }
        }

        Span<byte> digest = stackalloc byte[32];
        HashUtf8([], token, digest);
        idBuffer[0] = 'x';
        Convert.TryToHexStringLower(digest[..8], idBuffer[1..], out _);
        id = idBuffer[..ExternalIdLength];
        secret = token;
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
    public static bool Verify(ApiKeyEntry entry, string secret) => Verify(entry, secret.AsSpan());

    /// <summary>As above, for a secret that is a slice of the presented token.</summary>
    public static bool Verify(ApiKeyEntry entry, ReadOnlySpan<char> secret)
    {
        Span<byte> hash = stackalloc byte[32];
        HashUtf8(entry.Salt, secret, hash);
        return CryptographicOperations.FixedTimeEquals(hash, entry.Hash);
    }

    /// <summary>SHA-256 of <paramref name="prefix"/> followed by the UTF-8 of <paramref name="text"/>, on the stack for key-sized input.</summary>
    private static void HashUtf8(ReadOnlySpan<byte> prefix, ReadOnlySpan<char> text, Span<byte> destination)
    {
        var length = prefix.Length + Encoding.UTF8.GetByteCount(text);
        byte[]? rented = null;
        var input = length <= 512 ? stackalloc byte[512] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(length));
        prefix.CopyTo(input);
        Encoding.UTF8.GetBytes(text, input[prefix.Length..]);
        SHA256.HashData(input[..length], destination);
        if (rented is not null)
        {
            CryptographicOperations.ZeroMemory(rented.AsSpan(0, length)); // the key's secret
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
        else
        {
            CryptographicOperations.ZeroMemory(input[..length]);
        }
    }
}
