namespace Sluice.Core.Chat;

/// <summary>A function call made by the model; <paramref name="ArgumentsJson"/> is a JSON object as text.</summary>
public sealed record ToolCall(string Id, string Name, string ArgumentsJson);
