namespace Sluice.Bedrock.Credentials;

/// <summary>Assume an IAM role through STS (from the process's own AWS identity) and sign with the temporary credentials.</summary>
public sealed record AssumeRoleAuth(string RoleArn, string? ExternalId = null, string? SessionName = null) : BedrockAuth
{
    /// <summary>The external ID is a shared secret with the role's owner, so it is not printed.</summary>
    public override string ToString() =>
        $"AssumeRoleAuth({RoleArn}{(ExternalId is null ? "" : ", externalId=***")}{(SessionName is null ? "" : ", session=" + SessionName)})";
}
