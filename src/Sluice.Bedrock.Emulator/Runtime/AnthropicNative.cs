using System.Text.Json;

namespace Sluice.Bedrock.Emulator;

/// <summary>Anthropic Messages answers for InvokeModel (the message JSON) and InvokeModelWithResponseStream (the events); requests are read by <see cref="AnthropicRequestParser"/>.</summary>
internal static class AnthropicNative
{
    public static string ModelName(string modelId)
    {
        var name = modelId.StartsWith("anthropic.", StringComparison.Ordinal) ? modelId[10..] : modelId;
        var v = name.LastIndexOf("-v", StringComparison.Ordinal);
        return v > 0 ? name[..v] : name;
    }

    public static byte[] Response(Reply r, string modelId, string messageId) => JsonBytes.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("id", messageId);
        w.WriteString("type", "message");
        w.WriteString("role", "assistant");
        w.WriteString("model", ModelName(modelId));
        w.WriteStartArray("content");
        if (r.ReasoningText is not null)
        {
            w.WriteStartObject();
            w.WriteString("type", "thinking");
            w.WriteString("thinking", r.ReasoningText);
            w.WriteString("signature", r.ReasoningSignature);
            w.WriteEndObject();
        }

        if (r.Text is not null)
        {
            w.WriteStartObject();
            w.WriteString("type", "text");
            w.WriteString("text", r.Text);
            w.WriteEndObject();
        }

        foreach (var call in r.ToolCalls)
        {
            w.WriteStartObject();
            w.WriteString("type", "tool_use");
            w.WriteString("id", call.Id);
            w.WriteString("name", call.Name);
            w.WritePropertyName("input");
            w.WriteRawValue(call.InputJson);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("stop_reason", r.StopReason);
        if (r.StopSequence is null) w.WriteNull("stop_sequence"); else w.WriteString("stop_sequence", r.StopSequence);
        WriteUsage(w, r, r.OutputTokens);
        w.WriteEndObject();
    });

    private static void WriteUsage(Utf8JsonWriter w, Reply r, int outputTokens)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("input_tokens", r.InputTokens);
        if (r.UsedCache)
        {
            w.WriteNumber("cache_creation_input_tokens", r.CacheWriteInputTokens);
            w.WriteNumber("cache_read_input_tokens", r.CacheReadInputTokens);
            var oneHour = r.CacheWriteTtl == "1h";
            w.WriteStartObject("cache_creation");
            w.WriteNumber("ephemeral_5m_input_tokens", oneHour ? 0 : r.CacheWriteInputTokens);
            w.WriteNumber("ephemeral_1h_input_tokens", oneHour ? r.CacheWriteInputTokens : 0);
            w.WriteEndObject();
        }

        w.WriteNumber("output_tokens", outputTokens);
        w.WriteEndObject();
    }

    /// <summary>Anthropic stream events (message_start … message_stop), each still raw JSON; the caller wraps them as chunks.</summary>
    public static List<(byte[] Json, bool Token)> PlanStream(Reply r, string modelId, string messageId, long latencyMs)
    {
        var events = new List<(byte[], bool)>
        {
            (JsonBytes.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("type", "message_start");
                w.WriteStartObject("message");
                w.WriteString("id", messageId);
                w.WriteString("type", "message");
                w.WriteString("role", "assistant");
                w.WriteString("model", ModelName(modelId));
                w.WriteStartArray("content");
                w.WriteEndArray();
                w.WriteNull("stop_reason");
                w.WriteNull("stop_sequence");
                WriteUsage(w, r, 1);
                w.WriteEndObject();
                w.WriteEndObject();
            }), false),
        };
        var index = 0;
        if (r.ReasoningText is not null)
        {
            var i = index++;
            events.Add((BlockStart(i, w => { w.WriteString("type", "thinking"); w.WriteString("thinking", ""); }), false));
            foreach (var piece in JsonBytes.WordPieces(r.ReasoningText))
            {
                events.Add((BlockDelta(i, w => { w.WriteString("type", "thinking_delta"); w.WriteString("thinking", piece); }), true));
            }

            events.Add((BlockDelta(i, w => { w.WriteString("type", "signature_delta"); w.WriteString("signature", r.ReasoningSignature); }), false));
            events.Add((BlockStop(i), false));
        }

        if (r.Text is not null)
        {
            var i = index++;
            events.Add((BlockStart(i, w => { w.WriteString("type", "text"); w.WriteString("text", ""); }), false));
            foreach (var piece in JsonBytes.WordPieces(r.Text))
            {
                events.Add((BlockDelta(i, w => { w.WriteString("type", "text_delta"); w.WriteString("text", piece); }), true));
            }

            events.Add((BlockStop(i), false));
        }

        foreach (var call in r.ToolCalls)
        {
            var i = index++;
            events.Add((BlockStart(i, w =>
            {
                w.WriteString("type", "tool_use");
                w.WriteString("id", call.Id);
                w.WriteString("name", call.Name);
                w.WriteStartObject("input");
                w.WriteEndObject();
            }), false));
            foreach (var part in JsonBytes.Split(call.InputJson, 3))
            {
                events.Add((BlockDelta(i, w => { w.WriteString("type", "input_json_delta"); w.WriteString("partial_json", part); }), true));
            }

            events.Add((BlockStop(i), false));
        }

        events.Add((JsonBytes.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "message_delta");
            w.WriteStartObject("delta");
            w.WriteString("stop_reason", r.StopReason);
            if (r.StopSequence is null) w.WriteNull("stop_sequence"); else w.WriteString("stop_sequence", r.StopSequence);
            w.WriteEndObject();
            w.WriteStartObject("usage");
            w.WriteNumber("output_tokens", r.OutputTokens);
            w.WriteEndObject();
            w.WriteEndObject();
        }), false));
        events.Add((JsonBytes.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "message_stop");
            InvocationMetrics(w, r.InputTokens, r.OutputTokens, latencyMs);
            w.WriteEndObject();
        }), false));
        return events;
    }

    public static void InvocationMetrics(Utf8JsonWriter w, int input, int output, long latencyMs)
    {
        w.WriteStartObject("amazon-bedrock-invocationMetrics");
        w.WriteNumber("inputTokenCount", input);
        w.WriteNumber("outputTokenCount", output);
        w.WriteNumber("invocationLatency", latencyMs);
        w.WriteNumber("firstByteLatency", Math.Max(1, latencyMs / 2));
        w.WriteEndObject();
    }

    private static byte[] BlockStart(int index, Action<Utf8JsonWriter> block) => JsonBytes.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", "content_block_start");
        w.WriteNumber("index", index);
        w.WriteStartObject("content_block");
        block(w);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    private static byte[] BlockDelta(int index, Action<Utf8JsonWriter> delta) => JsonBytes.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", "content_block_delta");
        w.WriteNumber("index", index);
        w.WriteStartObject("delta");
        delta(w);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    private static byte[] BlockStop(int index) => JsonBytes.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", "content_block_stop");
        w.WriteNumber("index", index);
        w.WriteEndObject();
    });
}
