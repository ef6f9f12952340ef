using System.Text;
using System.Text.Json;

namespace Sluice.Bedrock.Emulator;

/// <summary>
/// Anthropic Messages bodies for InvokeModel / InvokeModelWithResponseStream / CountTokens, as strict as Bedrock:
/// only the keys it knows (some only with their beta), only the betas the model accepts, no billing-header system
/// block, thinking blocks exactly as the model returned them and first in their message.
/// </summary>
internal static class AnthropicRequestParser
{
    private const string ModelErrorPrefix = "The model returned the following errors: ";
    private const string BillingHeader = "x-anthropic-billing-header";

    private static readonly HashSet<string> Keys = new(StringComparer.Ordinal)
    {
        "anthropic_version", "anthropic_beta", "max_tokens", "messages", "system", "temperature", "top_p", "top_k",
        "stop_sequences", "tools", "tool_choice", "thinking", "metadata",
    };

    private static readonly HashSet<string> CustomToolKeys = new(StringComparer.Ordinal)
    {
        "type", "name", "description", "input_schema", "cache_control", "strict",
    };

    private static readonly JsonElement AnySchema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone();

    public static Conversation Parse(JsonElement root, FixtureModel model)
    {
        if (root.ValueKind != JsonValueKind.Object) throw RequestRejected.Malformed("#: expected type: JSONObject");
        var betas = ReadBetas(root, model);
        foreach (var p in root.EnumerateObject())
        {
            if (Keys.Contains(p.Name)) continue;
            if (p.Name == "context_management")
            {
                if (!betas.Contains(AnthropicFacts.ContextManagement)) throw RequestRejected.Validation("context_management: Extra inputs are not permitted");
                continue;
            }

            if (p.Name == "output_config" && AnthropicFacts.TakesOutputConfig(model.Id)) continue;
            throw RequestRejected.Malformed($"#: extraneous key [{p.Name}] is not permitted");
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

        if (root.TryGetProperty("system", out var system)) ReadSystem(system, c);
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
                    var path = $"messages.{i}.content.{j++}";
                    blocks.Add(ParseBlock(b, path));
                    if (CachePoint(b, path) is { } point) blocks.Add(point);
                }
            }

            if (blocks.Count == 0) throw RequestRejected.Validation($"messages.{i}: all messages must have non-empty content except for the optional final assistant message");
            if (role == "assistant" && !betas.Contains(AnthropicFacts.InterleavedThinking)) CheckThinkingFirst(blocks, i);
            c.Messages.Add(new Turn(role, blocks));
            i++;
        }

        if (root.TryGetProperty("tools", out var tools)) ReadTools(tools, c, betas);
        if (root.TryGetProperty("tool_choice", out var choice))
        {
            (c.ToolChoice, c.ToolChoiceName, c.SingleToolUse) = AnthropicToolChoice.Read(choice);
        }

        ConversationRules.ApplyReasoningConfig(root, c, model);
        ConversationRules.Validate(c, model, requireMessages: true);
        if (c.ToolChoice == ToolChoiceKind.None) c.Tools = c.Tools is null ? null : [];
        return c;
    }

    /// <summary>Bedrock refuses the whole request for one beta it does not accept for the model.</summary>
    private static HashSet<string> ReadBetas(JsonElement root, FixtureModel model)
    {
        var betas = new HashSet<string>(StringComparer.Ordinal);
        if (!root.TryGetProperty("anthropic_beta", out var list)) return betas;
        if (list.ValueKind != JsonValueKind.Array) throw RequestRejected.Malformed("#/anthropic_beta: expected type: JSONArray");
        var accepted = model.Betas;
        foreach (var b in list.EnumerateArray())
        {
            var beta = b.ValueKind == JsonValueKind.String ? b.GetString()! : "";
            if (!accepted.Contains(beta)) throw RequestRejected.Validation("invalid beta flag");
            betas.Add(beta);
        }

        return betas;
    }

    private static void ReadSystem(JsonElement system, Conversation c)
    {
        if (system.ValueKind == JsonValueKind.String)
        {
            var text = system.GetString()!;
            RefuseBillingHeader(text);
            c.System.Add(new Block { Kind = BlockKind.Text, Text = text });
            return;
        }

        var i = 0;
        foreach (var b in system.EnumerateArray())
        {
            var text = b.GetProperty("text").GetString() ?? "";
            RefuseBillingHeader(text);
            c.System.Add(new Block { Kind = BlockKind.Text, Text = text });
            if (CachePoint(b, $"system.{i}") is { } point) c.System.Add(point);
            i++;
        }
    }

    private static void RefuseBillingHeader(string text)
    {
        if (text.Contains(BillingHeader, StringComparison.OrdinalIgnoreCase))
        {
            throw RequestRejected.Validation("x-anthropic-billing-header is a reserved keyword and may not be used in the system prompt.");
        }
    }

    private static void ReadTools(JsonElement tools, Conversation c, HashSet<string> betas)
    {
        c.Tools = [];
        var i = 0;
        foreach (var t in tools.EnumerateArray())
        {
            var type = t.TryGetProperty("type", out var ty) ? ty.GetString() : null;
            var name = t.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
            if (type is null or "custom")
            {
                foreach (var p in t.EnumerateObject())
                {
                    if (CustomToolKeys.Contains(p.Name)) continue;
                    if (p.Name == "defer_loading" && betas.Contains(AnthropicFacts.ToolSearch)) continue;
                    if (p.Name == "input_examples" && betas.Contains(AnthropicFacts.ToolExamples)) continue;
                    throw RequestRejected.Validation($"tools.{i}.custom.{p.Name}: Extra inputs are not permitted");
                }

                var schema = t.TryGetProperty("input_schema", out var s) ? s.Clone() : throw RequestRejected.Validation($"tools.{i}.custom.input_schema: Field required");
                c.Tools.Add(new ToolDef(name, t.TryGetProperty("description", out var d) ? d.GetString() : null, schema));
            }
            else if (Array.IndexOf(AnthropicFacts.ToolTypes, type) >= 0 || (type.StartsWith("tool_search_tool_", StringComparison.Ordinal) && betas.Contains(AnthropicFacts.ToolSearch)))
            {
                c.Tools.Add(new ToolDef(name, null, AnySchema));
            }
            else
            {
                throw RequestRejected.Validation($"tools.{i}: Input tag '{type}' found using 'type' does not match any of the expected tags: '{string.Join("', '", AnthropicFacts.ToolTypes)}'");
            }

            if (CachePoint(t, $"tools.{i}") is { } point) c.ToolCachePoints.Add((c.Tools.Count, point.Ttl));
            i++;
        }
    }

    /// <summary>
    /// Thinking blocks come first in an assistant message, as the model wrote them; a gateway that moves one after
    /// text or a tool call has altered the message, which Anthropic refuses. (With interleaved thinking the model
    /// itself may think between blocks, so only signatures are checked then.)
    /// </summary>
    private static void CheckThinkingFirst(List<Block> blocks, int message)
    {
        var sawOther = false;
        for (var j = 0; j < blocks.Count; j++)
        {
            var kind = blocks[j].Kind;
            if (kind == BlockKind.CachePoint) continue;
            if (kind != BlockKind.Reasoning)
            {
                sawOther = true;
            }
            else if (sawOther)
            {
                throw RequestRejected.Validation(ModelErrorPrefix + $"messages.{message}.content: `thinking` or `redacted_thinking` blocks in the latest assistant message cannot be modified. These blocks must remain as they were in the original response.");
            }
        }
    }

    private static Block? CachePoint(JsonElement b, string path)
    {
        if (!b.TryGetProperty("cache_control", out var cc) || cc.ValueKind != JsonValueKind.Object) return null;
        string? ttl = null;
        if (cc.TryGetProperty("ttl", out var t))
        {
            ttl = t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (ttl is not ("5m" or "1h")) throw RequestRejected.Validation($"{path}.cache_control.ephemeral.ttl: Input should be '5m' or '1h'");
        }

        return new Block { Kind = BlockKind.CachePoint, Ttl = ttl };
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
                if (!b.TryGetProperty("data", out _)) throw RequestRejected.Validation($"{path}.redacted_thinking.data: Field required");
                return new Block { Kind = BlockKind.Reasoning, Redacted = true };
            case "document":
                return new Block { Kind = BlockKind.Document, Text = "[document]" };
            default:
                throw RequestRejected.Validation($"{path}.type: Input tag '{type}' found using 'type' does not match any of the expected tags");
        }
    }
}
