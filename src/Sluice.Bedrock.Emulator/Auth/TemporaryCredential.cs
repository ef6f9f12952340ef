namespace Sluice.Bedrock.Emulator;

/// <summary>Credentials issued by AssumeRole.</summary>
internal sealed record TemporaryCredential(
    string AccessKeyId,
    string SecretAccessKey,
    string SessionToken,
    DateTimeOffset Expiration,
    FixtureRole Role,
    string SessionName,
    string RoleId)
{
    public string SessionArn(string account) => $"arn:aws:sts::{account}:assumed-role/{Role.Name}/{SessionName}";
}
