namespace Sluice.Bedrock.Emulator;

/// <summary>A long-term Bedrock API key (sent as Authorization: Bearer).</summary>
public sealed class FixtureApiKey
{
    /// <summary>The full key as sent by clients (ABSK… or bedrock-api-key-…).</summary>
    public string Key { get; set; } = "";

    /// <summary>The IAM user the key belongs to; the principal ARN is arn:aws:iam::ACCOUNT:user/USER_NAME.</summary>
    public string UserName { get; set; } = "BedrockAPIKey-demo";

    /// <summary>What this key may call.</summary>
    public FixturePolicy Policy { get; set; } = new();
}
