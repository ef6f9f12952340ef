namespace Sluice.Bedrock.Credentials;

/// <summary>How a Bedrock account authenticates: access keys, an assumed role, or a Bedrock API key.</summary>
public abstract record BedrockAuth
{
    /// <summary>First characters of an identifier, so logs can tell credentials apart without revealing them.</summary>
    internal static string Hint(string? value, int keep = 4) =>
        string.IsNullOrEmpty(value) ? "(none)" : value.Length <= keep ? "***" : string.Concat(value.AsSpan(0, keep), "…");
}
