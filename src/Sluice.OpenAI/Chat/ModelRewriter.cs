using System.Buffers;
using System.Text.Json;

namespace Sluice.OpenAI.Chat;

/// <summary>
/// Copies an upstream JSON object with its top-level <c>model</c> replaced by the name the caller used (and,
/// optionally, its <c>usage</c> key left out), everything else byte for byte as the upstream wrote it.
/// </summary>
public static class ModelRewriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = false, SkipValidation = true };

    /// <summary>The rewritten object as a new array (the source may live in a buffer that is reused).</summary>
    public static byte[] Rewrite(ReadOnlySpan<byte> json, string model, bool dropUsage = false)
    {
        var output = new ArrayBufferWriter<byte>(json.Length + model.Length + 16);
        using (var writer = new Utf8JsonWriter(output, Options))
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return json.ToArray();
            writer.WriteStartObject();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("model"u8))
                {
                    reader.Read();
                    writer.WriteString("model"u8, model);
                    continue;
                }

                if (dropUsage && reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    reader.Skip();
                    continue;
                }

                writer.WritePropertyName(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                var end = (int)reader.BytesConsumed;
                writer.WriteRawValue(json[start..end], skipInputValidation: true);
            }

            writer.WriteEndObject();
        }

        return output.WrittenSpan.ToArray();
    }
}
