using System.Text.Json;
using Sluice.Core.Chat;
using Sluice.Core.Messages;
using static Sluice.Anthropic.Translation.MessagesStreamState;

namespace Sluice.Anthropic.Translation;

/// <summary>
/// Turns a chat stream's <see cref="ChatStreamUpdate"/>s into Anthropic stream events (<c>message_start</c>,
/// <c>content_block_start</c>/<c>delta</c>/<c>stop</c>, <c>message_delta</c>, <c>message_stop</c>), each with the
/// exact JSON Anthropic sends. Framing (SSE, <c>ping</c>) is the caller's; this only translates. Chat streams
/// report the finish reason before the usage, so the closing events come from <see cref="Complete"/>, called once
/// the chat stream has ended.
/// </summary>
public static class MessagesStreamTranslator
{
    /// <summary>Adds <c>message_start</c> unless it was already produced (<see cref="Translate"/> starts the message too).</summary>
    public static void Start(MessagesStreamState state, List<MessagesEvent> events)
    {
        if (state.Started) return;
        state.Started = true;
        var w = Begin(state, "message_start"u8);
        w.WritePropertyName("message"u8);
        w.WriteStartObject();
        w.WriteString("id"u8, state.MessageId);
        w.WriteString("type"u8, "message"u8);
        w.WriteString("role"u8, "assistant"u8);
        w.WriteString("model"u8, state.Model);
        w.WritePropertyName("content"u8);
        w.WriteStartArray();
        w.WriteEndArray();
        w.WriteNull("stop_reason"u8);
        w.WriteNull("stop_sequence"u8);
        // Converse reports usage only at the end: message_start says 0 and message_delta the real counts.
        AnthropicWire.WriteUsage(w, state.Usage);
        w.WriteEndObject();
        End(state, "message_start", events);
    }

    /// <summary>Adds the events <paramref name="update"/> leads to (none, one or several).</summary>
    public static void Translate(in ChatStreamUpdate update, MessagesStreamState state, List<MessagesEvent> events)
    {
        if (state.Completed) return;
        Start(state, events);
        switch (update.Kind)
        {
            case ChatStreamUpdateKind.Text when !string.IsNullOrEmpty(update.Text):
                Open(state, OpenBlock.Text, events);
                Delta(state, "text_delta"u8, "text"u8, update.Text, events);
                break;
            case ChatStreamUpdateKind.Reasoning when !string.IsNullOrEmpty(update.Text):
                Open(state, OpenBlock.Thinking, events);
                Delta(state, "thinking_delta"u8, "thinking"u8, update.Text, events);
                break;
            case ChatStreamUpdateKind.Reasoning when !string.IsNullOrEmpty(update.ReasoningSignature):
                Open(state, OpenBlock.Thinking, events);
                Delta(state, "signature_delta"u8, "signature"u8, update.ReasoningSignature, events);
                break;
            case ChatStreamUpdateKind.ToolCallStart:
                StartToolUse(state, update, events);
                break;
            case ChatStreamUpdateKind.ToolCallArguments when !string.IsNullOrEmpty(update.Text):
                // Arguments of a tool whose start was never seen have no block to go to; a chat stream always starts first.
                if (state.ToolBlocks is not null && state.ToolBlocks.TryGetValue(update.ToolIndex, out var index))
                {
                    DeltaAt(state, index, "input_json_delta"u8, "partial_json"u8, update.Text, events);
                }

                break;
            case ChatStreamUpdateKind.Finish:
                Close(state, events);
                state.FinishReason = update.FinishReason;
                break;
            case ChatStreamUpdateKind.Usage:
                state.Usage = update.Usage;
                break;
        }
    }

    /// <summary>Closes the message: the open block's <c>content_block_stop</c>, <c>message_delta</c>, <c>message_stop</c>.</summary>
    public static void Complete(MessagesStreamState state, List<MessagesEvent> events)
    {
        if (state.Completed) return;
        Start(state, events);
        Close(state, events);
        var w = Begin(state, "message_delta"u8);
        w.WritePropertyName("delta"u8);
        w.WriteStartObject();
        w.WriteString("stop_reason"u8, AnthropicWire.StopReason(state.FinishReason ?? FinishReason.Stop));
        w.WriteNull("stop_sequence"u8);
        w.WriteEndObject();
        AnthropicWire.WriteUsage(w, state.Usage);
        End(state, "message_delta", events);
        Begin(state, "message_stop"u8);
        End(state, "message_stop", events);
        state.Completed = true;
    }

    private static void StartToolUse(MessagesStreamState state, in ChatStreamUpdate update, List<MessagesEvent> events)
    {
        Close(state, events);
        var index = state.NextIndex++;
        (state.ToolBlocks ??= [])[update.ToolIndex] = index;
        state.OpenIndex = index;
        state.OpenKind = OpenBlock.ToolUse;
        var w = Begin(state, "content_block_start"u8);
        w.WriteNumber("index"u8, index);
        w.WritePropertyName("content_block"u8);
        w.WriteStartObject();
        w.WriteString("type"u8, "tool_use"u8);
        w.WriteString("id"u8, update.ToolCallId);
        w.WriteString("name"u8, update.ToolName);
        w.WritePropertyName("input"u8);
        w.WriteStartObject();
        w.WriteEndObject();
        w.WriteEndObject();
        End(state, "content_block_start", events);
    }

    /// <summary>Makes a block of <paramref name="kind"/> the open one, closing another kind first.</summary>
    private static void Open(MessagesStreamState state, OpenBlock kind, List<MessagesEvent> events)
    {
        if (state.OpenKind == kind) return;
        Close(state, events);
        var index = state.NextIndex++;
        state.OpenIndex = index;
        state.OpenKind = kind;
        var w = Begin(state, "content_block_start"u8);
        w.WriteNumber("index"u8, index);
        w.WritePropertyName("content_block"u8);
        w.WriteStartObject();
        if (kind == OpenBlock.Text)
        {
            w.WriteString("type"u8, "text"u8);
            w.WriteString("text"u8, ""u8);
        }
        else
        {
            w.WriteString("type"u8, "thinking"u8);
            w.WriteString("thinking"u8, ""u8);
            w.WriteString("signature"u8, ""u8);
        }

        w.WriteEndObject();
        End(state, "content_block_start", events);
    }

    private static void Close(MessagesStreamState state, List<MessagesEvent> events)
    {
        if (state.OpenKind == OpenBlock.None) return;
        var w = Begin(state, "content_block_stop"u8);
        w.WriteNumber("index"u8, state.OpenIndex);
        End(state, "content_block_stop", events);
        state.OpenKind = OpenBlock.None;
        state.OpenIndex = -1;
    }

    private static void Delta(MessagesStreamState state, ReadOnlySpan<byte> type, ReadOnlySpan<byte> field, string? value, List<MessagesEvent> events) =>
        DeltaAt(state, state.OpenIndex, type, field, value, events);

    private static void DeltaAt(MessagesStreamState state, int index, ReadOnlySpan<byte> type, ReadOnlySpan<byte> field, string? value, List<MessagesEvent> events)
    {
        var w = Begin(state, "content_block_delta"u8);
        w.WriteNumber("index"u8, index);
        w.WritePropertyName("delta"u8);
        w.WriteStartObject();
        w.WriteString("type"u8, type);
        w.WriteString(field, value);
        w.WriteEndObject();
        End(state, "content_block_delta", events);
    }

    private static Utf8JsonWriter Begin(MessagesStreamState state, ReadOnlySpan<byte> type)
    {
        state.Buffer.ResetWrittenCount();
        state.Writer.Reset(state.Buffer);
        state.Writer.WriteStartObject();
        state.Writer.WriteString("type"u8, type);
        return state.Writer;
    }

    private static void End(MessagesStreamState state, string type, List<MessagesEvent> events)
    {
        state.Writer.WriteEndObject();
        state.Writer.Flush();
        events.Add(new MessagesEvent(type, state.Buffer.WrittenSpan.ToArray()));
    }
}
