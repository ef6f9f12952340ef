using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Sluice.Gateway.Json;

/// <summary>The options every JSON answer of the gateway is written with: text as UTF-8, not <c>\u</c>-escaped.</summary>
internal static class GatewayJson
{
    /// <summary>A struct copied into each <see cref="Utf8JsonWriter"/>: no allocation per writer or per write.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = MinimalJsonEncoder.Instance };

    /// <summary>A JSON string literal (quotes included) for hand-built JSON such as audit records; <c>null</c> for null.</summary>
    public static string Quote(string? value)
    {
        if (value is null) return "null";
        var buffer = new ArrayBufferWriter<byte>(value.Length + 2);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStringValue(value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
