namespace Sluice.Bedrock.Credentials;

/// <summary>Static IAM access keys (optionally with a session token); requests are SigV4-signed with them.</summary>
public sealed record AccessKeyAuth(string AccessKeyId, string SecretAccessKey, string? SessionToken = null) : BedrockAuth
{
    /// <summary>Never prints the secret or the token.</summary>
    public override string ToString() =>
        $"AccessKeyAuth({Hint(AccessKeyId, 8)}, secret=***{(SessionToken is null ? "" : ", token=***")})";
}
