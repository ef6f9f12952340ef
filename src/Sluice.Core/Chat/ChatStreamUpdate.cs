namespace Sluice.Core.Chat;

/// <summary>One increment of a streamed answer. Exactly the fields of its <see cref="Kind"/> are set.</summary>
public readonly record struct ChatStreamUpdate(
    ChatStreamUpdateKind Kind,
    string? Text = null,
    int ToolIndex = 0,
    string? ToolCallId = null,
    string? ToolName = null,
    string? ReasoningSignature = null,
    FinishReason? FinishReason = null,
    Usage? Usage = null,
    ReadOnlyMemory<byte> Raw = default)
{
    public static ChatStreamUpdate TextDelta(string text) => new(ChatStreamUpdateKind.Text, Text: text);
    public static ChatStreamUpdate ReasoningDelta(string text) => new(ChatStreamUpdateKind.Reasoning, Text: text);
    public static ChatStreamUpdate ReasoningSignatureDelta(string signature) => new(ChatStreamUpdateKind.Reasoning, ReasoningSignature: signature);
    public static ChatStreamUpdate ToolCallStart(int index, string id, string name) => new(ChatStreamUpdateKind.ToolCallStart, ToolIndex: index, ToolCallId: id, ToolName: name);
    public static ChatStreamUpdate ToolCallArguments(int index, string argumentsDelta) => new(ChatStreamUpdateKind.ToolCallArguments, Text: argumentsDelta, ToolIndex: index);
    public static ChatStreamUpdate Finish(FinishReason reason) => new(ChatStreamUpdateKind.Finish, FinishReason: reason);
    public static ChatStreamUpdate UsageReport(Usage usage) => new(ChatStreamUpdateKind.Usage, Usage: usage);

    /// <summary>One upstream <c>chat.completion.chunk</c> (JSON, model already the caller's name) for a passthrough request.</summary>
    public static ChatStreamUpdate PassthroughChunk(ReadOnlyMemory<byte> json) => new(ChatStreamUpdateKind.Passthrough, Raw: json);
}

/// <summary>The kinds of <see cref="ChatStreamUpdate"/>.</summary>
public enum ChatStreamUpdateKind
{
    Text,
    Reasoning,
    ToolCallStart,
    ToolCallArguments,
    Finish,
    Usage,

    /// <summary>An OpenAI chunk written to the caller as is; only passthrough requests get these.</summary>
    Passthrough,
}
