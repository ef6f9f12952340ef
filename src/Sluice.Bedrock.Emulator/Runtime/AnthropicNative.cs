using System.Text;
using System.Text.Json;

namespace Sluice.Bedrock.Emulator;

/// <summary>Anthropic Messages bodies for InvokeModel / InvokeModelWithResponseStream.</summary>
internal static class AnthropicNative
{
    private static readonly HashSet<string> Keys = new(StringComparer.Ordinal)
    {
        "anthropic_version", "anthropic_beta", "max_tokens", "messages", "system", "temperature", "top_p", "top_k",
        "stop_sequences", "tools", "tool_choice", "thinking", "metadata",
    };

    public static Conversation Parse(JsonElement root, FixtureModel model)
    {
        if (root.ValueKind != JsonValueKind.Object) throw RequestRejected.Malformed("#: expected type: JSONObject");
        foreach (var p in root.EnumerateObject())
        {
            if (!Keys.Contains(p.Name)) throw RequestRejected.Malformed($"#: extraneous key [{p.Name}] is not permitted");
        }

        if (!root.TryGetProperty("anthropic_version", out var version)) throw RequestRejected.Malformed("#: required key [anthropic_version] not found");
        if (version.GetString() != "bedrock-2023-05-31") throw RequestRejected.Validation("Invalid API version: anthropic_version must be \"bedrock-2023-05-31\"");
        if (!root.TryGetProperty("max_tokens", out var maxEl)) throw RequestRejected.Malformed("#: required key [max_tokens] not found");
        if (!root.TryGetProperty("messages", out var messages)) throw RequestRejected.Malformed("#: required key [messages] not found");
        if (!maxEl.TryGetInt32(out var max) || max < 1) throw RequestRejected.Malformed("#/max_tokens: must be an integer >= 1");

        var c = new Conversation { MaxTokens = max };
        if (root.TryGetProperty("temperature", out var temp)) c.Temperature = temp.GetDouble();
        if (root.TryGetProperty("stop_sequences", out var stops))
        {
            foreach (var s in stops.EnumerateArray()) c.StopSequences.Add(s.GetString() ?? "");
        }

        if (root.TryGetProperty("system", out var system))
        {
            if (system.ValueKind == JsonValueKind.String)
            {
                c.System.Add(new Block { Kind = BlockKind.Text, Text = system.GetString()! });
            }
            else
            {
                foreach (var b in system.EnumerateArray())
                {
                    c.System.Add(new Block { Kind = BlockKind.Text, Text = b.GetProperty("text").GetString() ?? "" });
                    if (b.TryGetProperty("cache_control", out _)) c.System.Add(new Block { Kind = BlockKind.CachePoint });
                }
            }
        }

        var i = 0;
        foreach (var m in messages.EnumerateArray())
        {
            var role = m.TryGetProperty("role", out var r) ? r.GetString() : null;
            if (role is not ("user" or "assistant")) throw RequestRejected.Validation($"messages.{i}.role: Input should be 'user' or 'assistant'");
            var blocks = new List<Block>();
            var content = m.GetProperty("content");
            if (content.ValueKind == JsonValueKind.String)
            {
                blocks.Add(TextBlock(content.GetString()!, $"messages.{i}.content"));
            }
            else
            {
                var j = 0;
                foreach (var b in content.EnumerateArray())
                {
                    blocks.Add(ParseBlock(b, $"messages.{i}.content.{j++}"));
                    if (b.TryGetProperty("cache_control", out _)) blocks.Add(new Block { Kind = BlockKind.CachePoint });
                }
            }

            if (blocks.Count == 0) throw RequestRejected.Validation($"messages.{i}: all messages must have non-empty content except for the optional final assistant message");
            c.Messages.Add(new Turn(role, blocks));
            i++;
        }

        if (root.TryGetProperty("tools", out var tools))
        {
            c.Tools = [];
            foreach (var t in tools.EnumerateArray())
            {
                var name = t.GetProperty("name").GetString()!;
                c.Tools.Add(new ToolDef(name, t.TryGetProperty("description", out var d) ? d.GetString() : null,
                    t.TryGetProperty("input_schema", out var s) ? s.Clone() : throw RequestRejected.Validation($"tools.{c.Tools.Count}.input_schema: Field required")));
            }
        }

        if (root.TryGetProperty("tool_choice", out var choice))
        {
            (c.ToolChoice, c.ToolChoiceName, c.SingleToolUse) = AnthropicToolChoice.Read(choice);
        }

        ConversationRules.ApplyReasoningConfig(root, c, model);
        ConversationRules.Validate(c, model, requireMessages: true);
        if (c.ToolChoice == ToolChoiceKind.None) c.Tools = c.Tools is null ? null : [];
        return c;
    }

    private static Block TextBlock(string text, string path)
    {
        if (string.IsNullOrWhiteSpace(text)) throw RequestRejected.Validation($"{path}: text content blocks must be non-empty");
        return new Block { Kind = BlockKind.Text, Text = text };
    }

    private static Block ParseBlock(JsonElement b, string path)
    {
        var type = b.TryGetProperty("type", out var t) ? t.GetString() : null;
        switch (type)
        {
            case "text":
                return TextBlock(b.GetProperty("text").GetString() ?? "", path + ".text");
            case "image":
                var source = b.GetProperty("source");
                var mediaType = source.GetProperty("media_type").GetString() ?? "";
                var format = mediaType.StartsWith("image/", StringComparison.Ordinal) ? mediaType[6..] : mediaType;
                if (format is not ("png" or "jpeg" or "gif" or "webp")) throw RequestRejected.Validation($"{path}.source.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'");
                if (!source.GetProperty("data").TryGetBytesFromBase64(out var bytes)) throw RequestRejected.Validation($"{path}.source.data: invalid base64 data");
                var (w, h) = MediaParser.Dimensions(format, bytes);
                if (w < 0) throw RequestRejected.Validation($"{path}: Image does not match the provided media type {mediaType}");
                return MediaParser.Describe(format, w, h);
            case "tool_use":
                var input = b.GetProperty("input");
                return new Block { Kind = BlockKind.ToolUse, ToolUseId = b.GetProperty("id").GetString(), ToolName = b.GetProperty("name").GetString(), InputJson = input.GetRawText(), Text = input.GetRawText() };
            case "tool_result":
                var text = new StringBuilder();
                if (b.TryGetProperty("content", out var content))
                {
                    if (content.ValueKind == JsonValueKind.String) text.Append(content.GetString());
                    else
                    {
                        foreach (var part in content.EnumerateArray())
                        {
                            if (part.TryGetProperty("text", out var pt)) text.Append(pt.GetString()).Append(' ');
                        }
                    }
                }

                return new Block { Kind = BlockKind.ToolResult, ToolUseId = b.GetProperty("tool_use_id").GetString(), Text = text.ToString().Trim() };
            case "thinking":
                return new Block { Kind = BlockKind.Reasoning, Text = b.GetProperty("thinking").GetString() ?? "", Signature = b.TryGetProperty("signature", out var sig) ? sig.GetString() : null };
            case "redacted_thinking":
                return new Block { Kind = BlockKind.Reasoning, Redacted = true };
            case "document":
                return new Block { Kind = BlockKind.Document, Text = "[document]" };
            default:
                throw RequestRejected.Validation($"{path}.type: Input tag '{type}' found using 'type' does not match any of the expected tags");
        }
    }

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
