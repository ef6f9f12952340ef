using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Sluice.Gateway.Identity;

/// <summary>
/// Random bearer secrets (session ids, invite tokens) and the digest they are stored under. A plain SHA-256 is
/// enough at rest because the secrets carry 256 random bits: there is nothing to brute-force, unlike a password.
/// </summary>
internal static class OpaqueToken
{
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Digest(string token)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), hash);
        return Convert.ToHexStringLower(hash);
    }
}
