using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.OpenAI.Chat;

namespace Sluice.OpenAI.Responses;

/// <summary>
/// The Responses API passthrough: the caller's body goes up with only <c>model</c> replaced; what comes back has the
/// caller's model name written into the response object (top level, or under <c>response</c> in stream events).
/// </summary>
public static class ResponsesBodyWriter
{
    public static void ToOpenAiResponsesRequest(ReadOnlySpan<byte> json, string? model, IBufferWriter<byte> output)
    {
        using var w = new Utf8JsonWriter(output, WireJson.WriterOptions);
        var reader = new Utf8JsonReader(json);
        reader.Read();
        w.WriteStartObject();
        if (model is not null) w.WriteString("model"u8, model);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            w.WritePropertyName(reader.ValueSpan);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            w.WriteRawValue(json[start..(int)reader.BytesConsumed], skipInputValidation: true);
        }

        w.WriteEndObject();
    }

    /// <summary>A stream event with <c>response.model</c> rewritten when it carries the response object; else a copy.</summary>
    public static byte[] RewriteEvent(ReadOnlySpan<byte> json, string model, out JsonObject? response)
    {
        response = null;
        if (json.IndexOf("\"response\""u8) < 0) return json.ToArray();
        if (JsonNode.Parse(json) is not JsonObject root || root["response"] is not JsonObject r) return json.ToArray();
        r["model"] = model;
        response = r;
        return JsonSerializer.SerializeToUtf8Bytes(root);
    }
}
