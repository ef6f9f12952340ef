namespace Sluice.Core.Chat;

/// <summary>A complete (non-streamed) answer.</summary>
public sealed class ChatResponse
{
    public string? Text { get; init; }
    public List<ToolCall>? ToolCalls { get; init; }
    public ReasoningContent? Reasoning { get; init; }
    public required FinishReason FinishReason { get; init; }
    public required Usage Usage { get; init; }
    public required UpstreamInfo Upstream { get; init; }
}
