using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Anthropic.Translation;

namespace Sluice.Anthropic.Messages;

/// <summary>
/// The caller's Messages body as Anthropic's API gets it: every field as sent, in order, except <c>model</c> (the
/// account's model ID) and <c>stream</c> (what this call does). The caller's <see cref="JsonObject"/> is only read,
/// so a router can send the same request to another target.
/// </summary>
internal static class MessagesBodyWriter
{
    /// <summary>The fields Anthropic's count_tokens takes; the others of a Messages body (max_tokens, stream, sampling) it refuses.</summary>
    private static readonly HashSet<string> CountFields = new(StringComparer.Ordinal)
    {
        "messages", "system", "tools", "tool_choice", "thinking", "mcp_servers", "context_management", "output_format",
    };

    public static void ToAnthropicBody(JsonObject body, string modelId, bool stream, IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output, AnthropicWire.WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("model"u8, modelId);
        foreach (var (name, value) in body)
        {
            if (name is "model" or "stream") continue;
            writer.WritePropertyName(name);
            WriteValue(writer, value);
        }

        if (stream) writer.WriteBoolean("stream"u8, true);
        writer.WriteEndObject();
    }

    public static void ToCountTokensBody(JsonObject body, string modelId, IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output, AnthropicWire.WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("model"u8, modelId);
        foreach (var (name, value) in body)
        {
            if (!CountFields.Contains(name)) continue;
            writer.WritePropertyName(name);
            WriteValue(writer, value);
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonNode? value)
    {
        if (value is null) writer.WriteNullValue();
        else value.WriteTo(writer);
    }
}
