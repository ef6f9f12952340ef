using System.Buffers;
using System.Text.Json;
using Sluice.Core.Chat;

namespace Sluice.Anthropic.Translation;

/// <summary>Writes a chat answer as an Anthropic message (<c>{"id":"msg_…","type":"message",…}</c>).</summary>
public static class MessagesResponseWriter
{
    /// <summary>The message JSON, UTF-8.</summary>
    /// <param name="response">The chat answer.</param>
    /// <param name="model">The model name as the caller sent it: Anthropic echoes the requested name.</param>
    public static byte[] FromChatResponse(ChatResponse response, string model)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, AnthropicWire.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("id"u8, AnthropicWire.NewMessageId());
            writer.WriteString("type"u8, "message"u8);
            writer.WriteString("role"u8, "assistant"u8);
            writer.WriteString("model"u8, model);
            writer.WritePropertyName("content"u8);
            writer.WriteStartArray();
            // Anthropic's order: thinking first, then the text and the tool calls it led to.
            if (response.Reasoning is { } reasoning) WriteReasoning(writer, reasoning);
            if (!string.IsNullOrEmpty(response.Text))
            {
                writer.WriteStartObject();
                writer.WriteString("type"u8, "text"u8);
                writer.WriteString("text"u8, response.Text);
                writer.WriteEndObject();
            }

            if (response.ToolCalls is { } calls)
            {
                foreach (var call in calls) WriteToolUse(writer, call);
            }

            writer.WriteEndArray();
            writer.WriteString("stop_reason"u8, AnthropicWire.StopReason(response.FinishReason));
            writer.WriteNull("stop_sequence"u8);
            AnthropicWire.WriteUsage(writer, response.Usage);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteReasoning(Utf8JsonWriter writer, ReasoningContent reasoning)
    {
        writer.WriteStartObject();
        if (reasoning.RedactedData is { } data && reasoning.Text is null)
        {
            writer.WriteString("type"u8, "redacted_thinking"u8);
            writer.WriteString("data"u8, data);
        }
        else
        {
            writer.WriteString("type"u8, "thinking"u8);
            writer.WriteString("thinking"u8, reasoning.Text ?? "");
            writer.WriteString("signature"u8, reasoning.Signature ?? "");
        }

        writer.WriteEndObject();
    }

    private static void WriteToolUse(Utf8JsonWriter writer, ToolCall call)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "tool_use"u8);
        writer.WriteString("id"u8, call.Id);
        writer.WriteString("name"u8, call.Name);
        writer.WritePropertyName("input"u8);
        WriteInput(writer, call.ArgumentsJson);
        writer.WriteEndObject();
    }

    /// <summary>Models sometimes return empty or broken arguments; Anthropic's input is always an object.</summary>
    private static void WriteInput(Utf8JsonWriter writer, string argumentsJson)
    {
        if (!string.IsNullOrWhiteSpace(argumentsJson))
        {
            try
            {
                using var doc = JsonDocument.Parse(argumentsJson);
                if (doc.RootElement.ValueKind == JsonValueKind.Object)
                {
                    doc.RootElement.WriteTo(writer);
                    return;
                }
            }
            catch (JsonException)
            {
                // Falls through to the empty object below.
            }
        }

        writer.WriteStartObject();
        writer.WriteEndObject();
    }
}
