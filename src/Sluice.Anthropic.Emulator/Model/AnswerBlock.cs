namespace Sluice.Anthropic.Emulator;

/// <summary>One content block of an emulated answer: text, tool_use (Input is its JSON) or thinking (with its signature).</summary>
internal sealed record AnswerBlock(string Type, string Text, string? ToolId = null, string? ToolName = null, string? Signature = null);
