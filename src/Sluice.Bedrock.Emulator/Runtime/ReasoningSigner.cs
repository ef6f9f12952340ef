using System.Security.Cryptography;
using System.Text;

namespace Sluice.Bedrock.Emulator;

/// <summary>Signs reasoning text so a later turn can prove it sent the reasoning back unchanged (like Anthropic's thinking signatures).</summary>
internal static class ReasoningSigner
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("sluice-bedrock-emulator-reasoning-v1");

    public static string Sign(string text) => Convert.ToBase64String(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes(text)));

    public static bool Verify(string text, string? signature) => signature is not null && signature == Sign(text);
}
