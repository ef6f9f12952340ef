using Amazon.Runtime;

namespace Sluice.Bedrock.Credentials;

/// <summary>What a request is authenticated with: SigV4 credentials or a bearer token (exactly one is set).</summary>
public readonly record struct ResolvedCredentials(ImmutableCredentials? SigV4, string? BearerToken)
{
    /// <summary>Never prints secrets.</summary>
    public override string ToString() =>
        SigV4 is not null ? $"SigV4({BedrockAuth.Hint(SigV4.AccessKey, 8)})" : $"Bearer({BedrockAuth.Hint(BearerToken)})";
}
