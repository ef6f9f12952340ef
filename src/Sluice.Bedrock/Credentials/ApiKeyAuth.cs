namespace Sluice.Bedrock.Credentials;

/// <summary>A Bedrock API key, sent as <c>Authorization: Bearer</c> with no SigV4.</summary>
public sealed record ApiKeyAuth(string ApiKey) : BedrockAuth
{
    /// <summary>Never prints the key.</summary>
    public override string ToString() => $"ApiKeyAuth({Hint(ApiKey, 4)})";
}
