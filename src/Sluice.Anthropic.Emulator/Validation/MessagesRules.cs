using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Sluice.Anthropic.Emulator.Validation;

/// <summary>
/// The body rules of <c>POST /v1/messages</c> (and count_tokens) from Anthropic's API reference, with Anthropic's
/// messages: required fields, no unknown top-level fields, roles, content block shapes, tool pairing, thinking budget,
/// image media types, sampling ranges, cache_control.
/// </summary>
internal static partial class MessagesRules
{
    private static readonly HashSet<string> Fields = new(StringComparer.Ordinal)
    {
        "model", "messages", "max_tokens", "system", "metadata", "stop_sequences", "stream", "temperature", "top_k", "top_p", "tools",
        "tool_choice", "thinking", "service_tier", "container", "mcp_servers", "context_management", "output_format",
    };

    private static readonly HashSet<string> CountFields = new(StringComparer.Ordinal)
    {
        "model", "messages", "system", "tools", "tool_choice", "thinking", "mcp_servers", "context_management", "output_format",
    };

    private static readonly string[] ImageTypes = ["image/jpeg", "image/png", "image/gif", "image/webp"];

    public static JsonObject Parse(ReadOnlySpan<byte> body)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            throw Rejection.Invalid("There was an error parsing the body of your request. Check that the body is valid JSON.");
        }

        return node as JsonObject ?? throw Rejection.Invalid("Input should be a valid dictionary");
    }

    /// <summary>Checks a Messages body; returns the model ID it names.</summary>
    public static string Check(JsonObject body, bool countTokens, Func<string, EmulatedModel?> models)
    {
        foreach (var (name, _) in body)
        {
            if (!(countTokens ? CountFields : Fields).Contains(name)) throw Rejection.Invalid($"{name}: Extra inputs are not permitted");
        }

        var modelNode = body["model"] ?? throw Rejection.Invalid("model: Field required");
        var modelId = String(modelNode, "model");
        if (!countTokens)
        {
            var maxNode = body["max_tokens"] ?? throw Rejection.Invalid("max_tokens: Field required");
            var max = Int(maxNode, "max_tokens");
            if (max < 1) throw Rejection.Invalid("max_tokens: Input should be greater than or equal to 1");
            if (models(modelId) is { } m && max > m.MaxOutputTokens)
            {
                throw Rejection.Invalid($"max_tokens: {max} > {m.MaxOutputTokens}, which is the maximum allowed number of output tokens for {m.Id}");
            }

            if (body["thinking"] is JsonObject thinking && String(thinking["type"], "thinking.type") == "enabled")
            {
                var budget = Int(thinking["budget_tokens"] ?? throw Rejection.Invalid("thinking.enabled.budget_tokens: Field required"), "thinking.enabled.budget_tokens");
                if (budget < 1024) throw Rejection.Invalid("thinking.enabled.budget_tokens: Input should be greater than or equal to 1024");
                if (max <= budget) throw Rejection.Invalid("`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size");
                if (body["temperature"] is { } t && Number(t, "temperature") != 1) throw Rejection.Invalid("`temperature` may only be set to 1 when thinking is enabled. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#feature-compatibility");
            }
        }

        if (body["temperature"] is { } temperature && Number(temperature, "temperature") is < 0 or > 1) throw Rejection.Invalid("temperature: Input should be less than or equal to 1");
        if (body["top_p"] is { } topP && Number(topP, "top_p") is < 0 or > 1) throw Rejection.Invalid("top_p: Input should be less than or equal to 1");
        if (body["stream"] is { } stream && stream.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)) throw Rejection.Invalid("stream: Input should be a valid boolean");
        if (body["stop_sequences"] is { } stops)
        {
            var array = stops as JsonArray ?? throw Rejection.Invalid("stop_sequences: Input should be a valid list");
            for (var i = 0; i < array.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(String(array[i], $"stop_sequences.{i}"))) throw Rejection.Invalid("stop_sequences: each stop sequence must contain non-whitespace");
            }
        }

        CheckSystem(body["system"]);
        var toolNames = CheckTools(body["tools"]);
        CheckToolChoice(body["tool_choice"], toolNames);
        CheckMessages(body["messages"] ?? throw Rejection.Invalid("messages: Field required"));
        return modelId;
    }

    private static void CheckSystem(JsonNode? system)
    {
        if (system is null || system.GetValueKind() == JsonValueKind.String) return;
        var blocks = system as JsonArray ?? throw Rejection.Invalid("system: Input should be a valid string");
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i] as JsonObject ?? throw Rejection.Invalid($"system.{i}: Input should be a valid dictionary");
            if (String(block["type"], $"system.{i}.type") != "text") throw Rejection.Invalid($"system.{i}.type: Input should be 'text'");
            String(block["text"] ?? throw Rejection.Invalid($"system.{i}.text: Field required"), $"system.{i}.text");
            CheckCacheControl(block, $"system.{i}");
        }
    }

    private static HashSet<string> CheckTools(JsonNode? tools)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (tools is null) return names;
        var array = tools as JsonArray ?? throw Rejection.Invalid("tools: Input should be a valid list");
        for (var i = 0; i < array.Count; i++)
        {
            var tool = array[i] as JsonObject ?? throw Rejection.Invalid($"tools.{i}: Input should be a valid dictionary");
            var name = String(tool["name"] ?? throw Rejection.Invalid($"tools.{i}.custom.name: Field required"), $"tools.{i}.name");
            if (tool["type"] is null || String(tool["type"], $"tools.{i}.type") == "custom")
            {
                if (!ToolName().IsMatch(name)) throw Rejection.Invalid($"tools.{i}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{{1,128}}$'");
                if (tool["input_schema"] is not JsonObject schema) throw Rejection.Invalid($"tools.{i}.custom.input_schema: Field required");
                if (schema["type"] is not JsonValue t || !t.TryGetValue<string>(out var type) || type != "object")
                {
                    throw Rejection.Invalid($"tools.{i}.custom.input_schema.type: Input should be 'object'");
                }
            }

            if (!names.Add(name)) throw Rejection.Invalid("tools: Tool names must be unique.");
            CheckCacheControl(tool, $"tools.{i}.custom");
        }

        return names;
    }

    private static void CheckToolChoice(JsonNode? choice, HashSet<string> tools)
    {
        if (choice is null) return;
        var o = choice as JsonObject ?? throw Rejection.Invalid("tool_choice: Input should be a valid dictionary");
        var type = String(o["type"] ?? throw Rejection.Invalid("tool_choice.type: Field required"), "tool_choice.type");
        switch (type)
        {
            case "auto" or "any" or "none":
                break;
            case "tool":
                var name = String(o["name"] ?? throw Rejection.Invalid("tool_choice.tool.name: Field required"), "tool_choice.tool.name");
                if (!tools.Contains(name)) throw Rejection.Invalid($"Tool '{name}' not found in provided tools");
                break;
            default:
                throw Rejection.Invalid($"tool_choice: Input tag '{type}' found using 'type' does not match any of the expected tags: 'auto', 'any', 'tool', 'none'");
        }
    }

    private static void CheckMessages(JsonNode node)
    {
        var messages = node as JsonArray ?? throw Rejection.Invalid("messages: Input should be a valid list");
        if (messages.Count == 0) throw Rejection.Invalid("messages: at least one message is required");
        HashSet<string>? previousToolUses = null;
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i] as JsonObject ?? throw Rejection.Invalid($"messages.{i}: Input should be a valid dictionary");
            var role = String(message["role"] ?? throw Rejection.Invalid($"messages.{i}.role: Field required"), $"messages.{i}.role");
            if (role is not ("user" or "assistant")) throw Rejection.Invalid($"messages.{i}.role: Input should be 'user' or 'assistant'");
            var content = message["content"] ?? throw Rejection.Invalid($"messages.{i}.content: Field required");
            var toolUses = new HashSet<string>(StringComparer.Ordinal);
            if (content.GetValueKind() == JsonValueKind.String)
            {
                if (previousToolUses is { Count: > 0 }) throw MissingResults(i, previousToolUses);
                previousToolUses = null;
                continue;
            }

            var blocks = content as JsonArray ?? throw Rejection.Invalid($"messages.{i}.content: Input should be a valid list");
            var results = new HashSet<string>(StringComparer.Ordinal);
            for (var b = 0; b < blocks.Count; b++)
            {
                var path = $"messages.{i}.content.{b}";
                var block = blocks[b] as JsonObject ?? throw Rejection.Invalid($"{path}: Input should be a valid dictionary");
                var type = String(block["type"] ?? throw Rejection.Invalid($"{path}.type: Field required"), $"{path}.type");
                switch (type)
                {
                    case "text":
                        String(block["text"] ?? throw Rejection.Invalid($"{path}.text.text: Field required"), $"{path}.text.text");
                        break;
                    case "image":
                        CheckImage(block, path);
                        break;
                    case "tool_use":
                        if (role != "assistant") throw Rejection.Invalid($"{path}: tool_use blocks can only be in assistant messages");
                        toolUses.Add(String(block["id"] ?? throw Rejection.Invalid($"{path}.tool_use.id: Field required"), $"{path}.tool_use.id"));
                        String(block["name"] ?? throw Rejection.Invalid($"{path}.tool_use.name: Field required"), $"{path}.tool_use.name");
                        if (block["input"] is not JsonObject) throw Rejection.Invalid($"{path}.tool_use.input: Input should be a valid dictionary");
                        break;
                    case "tool_result":
                        var id = String(block["tool_use_id"] ?? throw Rejection.Invalid($"{path}.tool_result.tool_use_id: Field required"), $"{path}.tool_result.tool_use_id");
                        if (previousToolUses is null || !previousToolUses.Contains(id))
                        {
                            throw Rejection.Invalid($"{path}: unexpected `tool_use_id` found in `tool_result` blocks: {id}. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.");
                        }

                        results.Add(id);
                        break;
                    case "thinking":
                        if (block["signature"] is null) throw Rejection.Invalid($"{path}.thinking.signature: Field required");
                        break;
                    case "redacted_thinking" or "document" or "search_result" or "server_tool_use" or "web_search_tool_result" or "container_upload"
                        or "mcp_tool_use" or "mcp_tool_result" or "web_fetch_tool_result" or "code_execution_tool_result" or "bash_code_execution_tool_result":
                        break;
                    default:
                        throw Rejection.Invalid($"{path}: Input tag '{type}' found using 'type' does not match any of the expected tags");
                }

                CheckCacheControl(block, $"{path}.{type}");
            }

            if (previousToolUses is { Count: > 0 })
            {
                previousToolUses.ExceptWith(results);
                if (previousToolUses.Count > 0) throw MissingResults(i, previousToolUses);
            }

            previousToolUses = role == "assistant" && toolUses.Count > 0 ? toolUses : null;
        }
    }

    private static Rejection MissingResults(int index, HashSet<string> ids) =>
        Rejection.Invalid($"messages.{index}: `tool_use` ids were found without `tool_result` blocks immediately after: {string.Join(", ", ids)}. Each `tool_use` block must have a corresponding `tool_result` block in the next message.");

    private static void CheckImage(JsonObject block, string path)
    {
        var source = block["source"] as JsonObject ?? throw Rejection.Invalid($"{path}.image.source: Field required");
        var type = String(source["type"] ?? throw Rejection.Invalid($"{path}.image.source.type: Field required"), $"{path}.image.source.type");
        if (type == "url")
        {
            String(source["url"] ?? throw Rejection.Invalid($"{path}.image.source.url.url: Field required"), $"{path}.image.source.url.url");
            return;
        }

        if (type != "base64") throw Rejection.Invalid($"{path}.image.source: Input tag '{type}' found using 'type' does not match any of the expected tags: 'base64', 'url', 'file'");
        var mediaType = String(source["media_type"] ?? throw Rejection.Invalid($"{path}.image.source.base64.media_type: Field required"), $"{path}.image.source.base64.media_type");
        if (Array.IndexOf(ImageTypes, mediaType) < 0)
        {
            throw Rejection.Invalid($"{path}.image.source.base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'");
        }

        var data = String(source["data"] ?? throw Rejection.Invalid($"{path}.image.source.base64.data: Field required"), $"{path}.image.source.base64.data");
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(data);
        }
        catch (FormatException)
        {
            throw Rejection.Invalid($"{path}.image.source.base64.data: Input should be a valid base64 string");
        }

        if (Sniff(bytes) is not { } actual || actual != mediaType)
        {
            throw Rejection.Invalid($"{path}.image.source.base64: The image was specified using the {mediaType} media type, but the image appears to be {Sniff(bytes) ?? "in an unsupported format"}.");
        }
    }

    private static string? Sniff(byte[] b) => b switch
    {
        [0x89, 0x50, 0x4E, 0x47, ..] => "image/png",
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [0x47, 0x49, 0x46, 0x38, ..] => "image/gif",
        [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50, ..] => "image/webp",
        _ => null,
    };

    private static void CheckCacheControl(JsonObject block, string path)
    {
        if (block["cache_control"] is not { } node) return;
        var cc = node as JsonObject ?? throw Rejection.Invalid($"{path}.cache_control: Input should be a valid dictionary");
        if (String(cc["type"], $"{path}.cache_control.type") != "ephemeral") throw Rejection.Invalid($"{path}.cache_control.type: Input should be 'ephemeral'");
        if (cc["ttl"] is { } ttl && String(ttl, $"{path}.cache_control.ttl") is not ("5m" or "1h")) throw Rejection.Invalid($"{path}.cache_control.ephemeral.ttl: Input should be '5m' or '1h'");
    }

    private static string String(JsonNode? node, string path) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw Rejection.Invalid($"{path}: Input should be a valid string");

    private static double Number(JsonNode node, string path) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<double>() : throw Rejection.Invalid($"{path}: Input should be a valid number");

    private static long Int(JsonNode node, string path)
    {
        var d = Number(node, path);
        return d == Math.Floor(d) ? (long)d : throw Rejection.Invalid($"{path}: Input should be a valid integer");
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,128}$")]
    private static partial Regex ToolName();
}
