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

    /// <summary>
    /// For a passthrough request: the upstream's <c>chat.completion</c> JSON, its model already the caller's name,
    /// which the OpenAI front end writes as is (the fields above are still filled for usage, telemetry and routing).
    /// </summary>
    public ReadOnlyMemory<byte>? Passthrough { get; init; }
}
