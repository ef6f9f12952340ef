namespace Sluice.Core.Chat;

/// <summary>One message of a conversation, in the gateway's neutral form.</summary>
public sealed class ChatMessage
{
    public required ChatRole Role { get; init; }

    /// <summary>Text and image parts, in order. May be empty for an assistant turn that only calls tools.</summary>
    public List<ContentPart> Content { get; init; } = [];

    /// <summary>Tool calls made by an assistant turn.</summary>
    public List<ToolCall>? ToolCalls { get; init; }

    /// <summary>For a <see cref="ChatRole.Tool"/> message: the id of the call it answers.</summary>
    public string? ToolCallId { get; init; }

    /// <summary>For a <see cref="ChatRole.Tool"/> message: the tool failed and the content describes the error (Anthropic's <c>is_error</c>).</summary>
    public bool IsError { get; init; }

    /// <summary>Reasoning an assistant turn carried (kept so the next tool turn can send its signature back).</summary>
    public ReasoningContent? Reasoning { get; init; }

    public string? Name { get; init; }

    /// <summary>A prompt-cache marker after the whole message (its last block); null when none.</summary>
    public CacheControl? CacheControl { get; init; }
}
