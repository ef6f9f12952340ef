namespace Sluice.Bedrock.Emulator;

/// <summary>An IAM role that STS AssumeRole can assume.</summary>
public sealed class FixtureRole
{
    /// <summary>Role ARN, arn:aws:iam::ACCOUNT:role/NAME.</summary>
    public string Arn { get; set; } = "";

    /// <summary>Principal ARNs (users, or roles for chaining) allowed to assume this role.</summary>
    public List<string> TrustedPrincipals { get; set; } = [];

    /// <summary>When set, AssumeRole must pass exactly this ExternalId.</summary>
    public string? ExternalId { get; set; }

    /// <summary>Maximum DurationSeconds (AWS default 3600).</summary>
    public int MaxSessionDurationSeconds { get; set; } = 3600;

    /// <summary>What sessions of this role may call.</summary>
    public FixturePolicy Policy { get; set; } = new();

    internal string Name => Arn[(Arn.LastIndexOf('/') + 1)..];
}
