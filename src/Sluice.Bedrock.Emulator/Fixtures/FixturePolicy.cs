namespace Sluice.Bedrock.Emulator;

/// <summary>An identity-based policy reduced to allow-lists (globs with * and ?).</summary>
public sealed class FixturePolicy
{
    /// <summary>Regions where calls are allowed ("*" = any).</summary>
    public List<string> AllowedRegions { get; set; } = ["*"];

    /// <summary>Model/profile patterns, matched against the bare resource ID and the full ARN ("*" = any).</summary>
    public List<string> AllowedModels { get; set; } = ["*"];

    /// <summary>IAM actions, e.g. "bedrock:InvokeModel" or "bedrock:*" ("*" = any).</summary>
    public List<string> AllowedActions { get; set; } = ["*"];
}
