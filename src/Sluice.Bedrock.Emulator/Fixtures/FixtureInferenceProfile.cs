namespace Sluice.Bedrock.Emulator;

/// <summary>A system-defined cross-Region inference profile ({geo}.{modelId}).</summary>
public sealed class FixtureInferenceProfile
{
    /// <summary>Profile ID, e.g. us.anthropic.claude-3-5-sonnet-20240620-v1:0.</summary>
    public string Id { get; set; } = "";

    /// <summary>Display name; null = derived.</summary>
    public string? Name { get; set; }

    /// <summary>The foundation model behind the profile.</summary>
    public string ModelId { get; set; } = "";

    /// <summary>Destination Regions in routing order; calls are accepted only from these source Regions.</summary>
    public List<string> DestinationRegions { get; set; } = [];
}
