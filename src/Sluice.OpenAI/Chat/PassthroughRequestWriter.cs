using System.Buffers;
using System.Text.Json;
using Sluice.Core.Chat;
using Sluice.Core.Routing;

namespace Sluice.OpenAI.Chat;

/// <summary>
/// Writes the caller's own OpenAI chat body upstream with the least change: <c>model</c> becomes the upstream model,
/// a stream always asks for usage (<c>stream_options.include_usage</c>: the cost is read from it), the routing
/// target's <c>override_params</c> replace the caller's values, and Sluice's own <c>drop_params</c> is left out.
/// Every other field is copied byte for byte, so parameters Sluice does not know reach the upstream unchanged.
/// </summary>
public static class PassthroughRequestWriter
{
    /// <param name="model">The upstream model; null when the endpoint names it in the URI (the body then has none).</param>
    /// <param name="legacyMaxTokens">An overridden limit the caller did not set goes in <c>max_tokens</c> rather than <c>max_completion_tokens</c>.</param>
    public static void Write(ChatPassthrough passthrough, bool stream, string? model, bool legacyMaxTokens, IBufferWriter<byte> output)
    {
        var json = passthrough.Body.Span;
        var overrides = passthrough.Overrides;
        using var w = new Utf8JsonWriter(output, WireJson.WriterOptions);
        var reader = new Utf8JsonReader(json);
        reader.Read();
        w.WriteStartObject();
        if (model is not null) w.WriteString("model"u8, model);
        var wroteStreamOptions = false;
        var maxKeyWritten = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("model"u8) || reader.ValueTextEquals("drop_params"u8)
                || (overrides?.Temperature is not null && reader.ValueTextEquals("temperature"u8))
                || (overrides?.TopP is not null && reader.ValueTextEquals("top_p"u8))
                || (overrides?.Stop is not null && reader.ValueTextEquals("stop"u8)))
            {
                SkipValue(ref reader);
                continue;
            }

            if (overrides?.MaxTokens is { } max && (reader.ValueTextEquals("max_tokens"u8) || reader.ValueTextEquals("max_completion_tokens"u8)))
            {
                // The override goes where the caller put the limit: some models take only one of the two names.
                if (!maxKeyWritten) w.WriteNumber(reader.ValueSpan, max);
                maxKeyWritten = true;
                SkipValue(ref reader);
                continue;
            }

            if (stream && reader.ValueTextEquals("stream_options"u8))
            {
                reader.Read();
                WriteStreamOptions(w, ref reader, json);
                wroteStreamOptions = true;
                continue;
            }

            w.WritePropertyName(reader.ValueSpan);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            w.WriteRawValue(json[start..(int)reader.BytesConsumed], skipInputValidation: true);
        }

        if (stream && !wroteStreamOptions) WriteStreamOptions(w);
        if (overrides is not null) WriteOverrides(w, overrides, maxKeyWritten, legacyMaxTokens);
        w.WriteEndObject();
    }

    private static void WriteOverrides(Utf8JsonWriter w, RequestOverrides overrides, bool maxKeyWritten, bool legacyMaxTokens)
    {
        if (overrides.Temperature is { } t) w.WriteNumber("temperature"u8, t);
        if (overrides.TopP is { } p) w.WriteNumber("top_p"u8, p);
        if (overrides.MaxTokens is { } max && !maxKeyWritten) w.WriteNumber(legacyMaxTokens ? "max_tokens"u8 : "max_completion_tokens"u8, max);
        if (overrides.Stop is { } stop)
        {
            w.WriteStartArray("stop"u8);
            foreach (var s in stop) w.WriteStringValue(s);
            w.WriteEndArray();
        }
    }

    private static void WriteStreamOptions(Utf8JsonWriter w)
    {
        w.WriteStartObject("stream_options"u8);
        w.WriteBoolean("include_usage"u8, true);
        w.WriteEndObject();
    }

    /// <summary>The caller's stream options with <c>include_usage</c> forced on, keeping any other option.</summary>
    private static void WriteStreamOptions(Utf8JsonWriter w, ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        w.WriteStartObject("stream_options"u8);
        w.WriteBoolean("include_usage"u8, true);
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            w.WriteEndObject();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("include_usage"u8))
            {
                SkipValue(ref reader);
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

    private static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }
}
