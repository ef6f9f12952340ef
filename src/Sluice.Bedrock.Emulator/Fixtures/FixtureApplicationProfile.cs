namespace Sluice.Bedrock.Emulator;

/// <summary>An application inference profile pointing at a foundation model or a system profile.</summary>
public sealed class FixtureApplicationProfile
{
    /// <summary>arn:aws:bedrock:REGION:ACCOUNT:application-inference-profile/ID (ID = 12 lowercase alphanumerics).</summary>
    public string Arn { get; set; } = "";

    /// <summary>Display name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Description returned by GetInferenceProfile.</summary>
    public string? Description { get; set; }

    /// <summary>Foundation model ID or system profile ID it copies.</summary>
    public string Target { get; set; } = "";
}
