using System.Buffers;
using System.Text;
using System.Text.Json;
using Sluice.Core.Errors;
using Sluice.Core.Messages;
using Sluice.Gateway.Json;

namespace Sluice.Gateway.AnthropicApi;

/// <summary>
/// Writes Anthropic's answers as Anthropic does: a message's JSON, and stream events as
/// <c>event: &lt;type&gt;\ndata: &lt;json&gt;\n\n</c>. Everything passes through byte for byte (thinking signatures
/// included) except the message's <c>model</c>, which becomes the name the caller asked for, as with chat.
/// </summary>
internal static class MessagesSse
{
    /// <summary>Anthropic's keep-alive while the model is silent.</summary>
    public static readonly byte[] Ping = "event: ping\ndata: {\"type\":\"ping\"}\n\n"u8.ToArray();

    public static void WriteEvent(IBufferWriter<byte> output, MessagesEvent e, string model)
    {
        output.Write("event: "u8);
        Encoding.UTF8.GetBytes(e.Type, output);
        output.Write("\ndata: "u8);
        if (e.Type == "message_start") WriteWithModel(output, e.Data, model, nested: "message");
        else output.Write(e.Data.Span);
        output.Write("\n\n"u8);
    }

    /// <summary>Writes the message JSON with <c>model</c> set to <paramref name="model"/>.</summary>
    public static void WriteMessage(IBufferWriter<byte> output, ReadOnlyMemory<byte> message, string model) =>
        WriteWithModel(output, message, model, nested: null);

    // The object's properties in order; "model" (of the object, or of its property `nested`) replaced.
    private static void WriteWithModel(IBufferWriter<byte> output, ReadOnlyMemory<byte> json, string model, string? nested)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new GatewayException(new GatewayError(502, ErrorTypes.Upstream, "invalid_upstream_response",
                "The upstream returned a message that is not valid JSON: " + e.Message), e);
        }

        using (document)
        using (var writer = new Utf8JsonWriter(output, GatewayJson.WriterOptions))
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                root.WriteTo(writer);
                return;
            }

            writer.WriteStartObject();
            foreach (var property in root.EnumerateObject())
            {
                if (nested is not null && property.NameEquals(nested) && property.Value.ValueKind == JsonValueKind.Object)
                {
                    writer.WritePropertyName(property.Name);
                    WriteObjectWithModel(writer, property.Value, model);
                }
                else if (nested is null && property.NameEquals("model"u8))
                {
                    writer.WriteString("model"u8, model);
                }
                else
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }
    }

    private static void WriteObjectWithModel(Utf8JsonWriter writer, JsonElement message, string model)
    {
        writer.WriteStartObject();
        foreach (var property in message.EnumerateObject())
        {
            if (property.NameEquals("model"u8)) writer.WriteString("model"u8, model);
            else property.WriteTo(writer);
        }

        writer.WriteEndObject();
    }
}
