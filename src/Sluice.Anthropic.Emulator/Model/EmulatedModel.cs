namespace Sluice.Anthropic.Emulator;

/// <summary>A model the emulator serves: its ID, the aliases that resolve to it, and its output limit.</summary>
public sealed record EmulatedModel(string Id, string DisplayName, int MaxOutputTokens, IReadOnlyList<string> Aliases)
{
    /// <summary>Current Claude models with the limits Anthropic's models overview lists.</summary>
    public static IReadOnlyList<EmulatedModel> Defaults { get; } =
    [
        new("claude-sonnet-4-5-20250929", "Claude Sonnet 4.5", 64000, ["claude-sonnet-4-5"]),
        new("claude-haiku-4-5-20251001", "Claude Haiku 4.5", 64000, ["claude-haiku-4-5"]),
        new("claude-opus-4-1-20250805", "Claude Opus 4.1", 32000, ["claude-opus-4-1"]),
        new("claude-3-7-sonnet-20250219", "Claude Sonnet 3.7", 64000, ["claude-3-7-sonnet-latest"]),
        new("claude-3-5-haiku-20241022", "Claude Haiku 3.5", 8192, ["claude-3-5-haiku-latest"]),
    ];
}
