namespace Sluice.Core.Chat;

/// <summary>How the model may use tools: auto, none, required, or one named function.</summary>
public readonly record struct ToolChoice(ToolChoiceKind Kind, string? FunctionName = null)
{
    public static ToolChoice Auto => new(ToolChoiceKind.Auto);
    public static ToolChoice None => new(ToolChoiceKind.None);
    public static ToolChoice Required => new(ToolChoiceKind.Required);
    public static ToolChoice Function(string name) => new(ToolChoiceKind.Function, name);
}

/// <summary>The kinds of <see cref="ToolChoice"/>.</summary>
public enum ToolChoiceKind
{
    Auto,
    None,
    Required,
    Function,
}
