using System.Security.Cryptography;
using System.Text;

namespace Sluice.Gateway.Security;

/// <summary>
/// Encrypts secrets at rest with AES-256-GCM. Blob layout: version (1 byte) | nonce (12) | tag (16) | ciphertext.
/// The context (e.g. the account name) is bound as associated data, so a blob copied to another row fails to open.
/// </summary>
public sealed class SecretProtector
{
    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    public SecretProtector(byte[] masterKey)
    {
        if (masterKey.Length != 32)
        {
            throw new ArgumentException("The master key must be 256 bits (32 bytes).", nameof(masterKey));
        }

        _key = (byte[])masterKey.Clone();
    }

    public byte[] Protect(ReadOnlySpan<byte> plaintext, string context)
    {
        var blob = new byte[1 + NonceSize + TagSize + plaintext.Length];
        blob[0] = FormatVersion;
        var nonce = blob.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, blob.AsSpan(1 + NonceSize + TagSize), blob.AsSpan(1 + NonceSize, TagSize), Encoding.UTF8.GetBytes(context));
        return blob;
    }

    /// <summary>Opens a blob made by <see cref="Protect"/>; throws <see cref="CryptographicException"/> on a wrong key or context.</summary>
    public byte[] Unprotect(ReadOnlySpan<byte> blob, string context)
    {
        if (blob.Length < 1 + NonceSize + TagSize || blob[0] != FormatVersion)
        {
            throw new CryptographicException("The stored secret has an unknown format.");
        }

        var plaintext = new byte[blob.Length - 1 - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(blob.Slice(1, NonceSize), blob[(1 + NonceSize + TagSize)..], blob.Slice(1 + NonceSize, TagSize), plaintext, Encoding.UTF8.GetBytes(context));
        return plaintext;
    }

    /// <summary>
    /// A one-way check value of the master key (HMAC-SHA-256 of a fixed label, 32 hex digits): stored in the database
    /// so an instance started with another key says so, without the key itself ever leaving the process.
    /// </summary>
    public string KeyCheck => Convert.ToHexStringLower(HMACSHA256.HashData(_key, "sluice master key check"u8))[..32];

    public override string ToString() => "SecretProtector(AES-256-GCM)";
}
