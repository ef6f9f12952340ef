namespace Sluice.Bedrock.Emulator;

/// <summary>An IAM user with a long-term access key.</summary>
public sealed class FixtureUser
{
    /// <summary>User name; the principal ARN is arn:aws:iam::ACCOUNT:user/NAME.</summary>
    public string Name { get; set; } = "";

    /// <summary>Access key ID (AKIA…/AKID…).</summary>
    public string AccessKeyId { get; set; } = "";

    /// <summary>Secret access key.</summary>
    public string SecretAccessKey { get; set; } = "";

    /// <summary>What this user may call.</summary>
    public FixturePolicy Policy { get; set; } = new();
}
