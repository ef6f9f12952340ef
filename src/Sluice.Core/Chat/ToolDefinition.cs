using System.Text.Json;

namespace Sluice.Core.Chat;

/// <summary>A function the model may call; <paramref name="Parameters"/> is its JSON Schema.</summary>
public sealed record ToolDefinition(string Name, string? Description, JsonElement? Parameters, bool? Strict = null)
{
    /// <summary>A prompt-cache marker after this tool's definition; null when none.</summary>
    public CacheControl? CacheControl { get; init; }
}
