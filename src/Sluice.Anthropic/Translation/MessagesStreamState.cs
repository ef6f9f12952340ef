using System.Buffers;
using System.Text.Json;
using Sluice.Core.Chat;

namespace Sluice.Anthropic.Translation;

/// <summary>
/// What <see cref="MessagesStreamTranslator"/> must remember between updates of one stream: the content block open
/// now, the index the next block gets, the Anthropic block of each tool call, and the finish reason and usage
/// that close the message. One per stream; not thread-safe.
/// </summary>
public sealed class MessagesStreamState
{
    /// <param name="model">The model name as the caller sent it (echoed in <c>message_start</c>).</param>
    /// <param name="messageId">The message id; a new <c>msg_…</c> id when null.</param>
    public MessagesStreamState(string model, string? messageId = null)
    {
        Model = model;
        MessageId = messageId ?? AnthropicWire.NewMessageId();
        Writer = new Utf8JsonWriter(Buffer, AnthropicWire.WriterOptions);
    }

    public string Model { get; }

    public string MessageId { get; }

    /// <summary>The last usage the chat stream reported; null until it does.</summary>
    public Usage? Usage { get; internal set; }

    /// <summary>The finish reason the chat stream reported; null until it does.</summary>
    public FinishReason? FinishReason { get; internal set; }

    /// <summary>True once <c>message_stop</c> has been produced.</summary>
    public bool Completed { get; internal set; }

    internal bool Started;
    internal int NextIndex;
    internal int OpenIndex = -1;
    internal OpenBlock OpenKind;

    /// <summary>Anthropic block index of each chat tool index (tool calls are numbered apart from other content).</summary>
    internal Dictionary<int, int>? ToolBlocks;

    internal readonly ArrayBufferWriter<byte> Buffer = new(256);
    internal readonly Utf8JsonWriter Writer;

    internal enum OpenBlock
    {
        None,
        Text,
        Thinking,
        ToolUse,
    }
}
