using System.Text.Json.Nodes;
using Sluice.Core.Chat;
using Sluice.Core.Errors;
using static Sluice.Anthropic.Translation.JsonFields;

namespace Sluice.Anthropic.Translation;

/// <summary>
/// Reads Messages <c>messages</c> into Core messages. A user turn's <c>tool_result</c> blocks become
/// <see cref="ChatRole.Tool"/> messages in place, so one caller message may become several chat messages; the
/// Converse writer merges them back into one user turn.
/// </summary>
internal static class MessagesContentReader
{
    private static readonly CacheControl FiveMinutes = new("5m");
    private static readonly ImagePart Placeholder = new(ReadOnlyMemory<byte>.Empty, "");

    public static void ReadMessages(JsonNode value, string model, List<ChatMessage> messages, ref List<PendingImageUrl>? images)
    {
        var array = Array(value, "messages");
        if (array.Count == 0) throw TranslationErrors.Invalid("messages", "must contain at least one message.");
        for (var i = 0; i < array.Count; i++)
        {
            var param = $"messages[{i}]";
            var message = Object(array[i], param);
            var role = RequiredString(message, "role", param);
            if (!message.TryGetPropertyValue("content", out var content) || content is null) throw TranslationErrors.Required($"{param}.content");
            foreach (var (key, v) in message)
            {
                if (key is not ("role" or "content") && v is not null) throw TranslationErrors.Invalid($"{param}.{CallerText.Quote(key)}", "is not a message field; use role and content.");
            }

            switch (role)
            {
                case "user": ReadUser(content, $"{param}.content", model, messages, ref images); break;
                case "assistant": messages.Add(ReadAssistant(content, $"{param}.content", model)); break;
                default: throw TranslationErrors.Invalid($"{param}.role", $"'{CallerText.Quote(role)}' is not a role; use user or assistant (the system prompt goes in 'system').");
            }
        }
    }

    private static void ReadUser(JsonNode content, string param, string model, List<ChatMessage> messages, ref List<PendingImageUrl>? images)
    {
        if (content is JsonValue)
        {
            var text = String(content, param);
            if (text.Length == 0) throw TranslationErrors.Invalid(param, "must not be empty.");
            messages.Add(new ChatMessage { Role = ChatRole.User, Content = [new TextPart(text)] });
            return;
        }

        var blocks = Array(content, param);
        if (blocks.Count == 0) throw TranslationErrors.Invalid(param, "must not be empty.");
        var parts = new List<ContentPart>();
        List<(int Part, string Url, string Param)>? urls = null;
        for (var j = 0; j < blocks.Count; j++)
        {
            var blockParam = $"{param}[{j}]";
            var block = Object(blocks[j], blockParam);
            var type = RequiredString(block, "type", blockParam);
            switch (type)
            {
                case "text":
                    var text = ReadText(block, blockParam, model);
                    // As Anthropic answers it: an empty block would otherwise vanish and could leave the turn empty.
                    if (text.Text.Length == 0) throw TranslationErrors.Invalid($"{blockParam}.text", "text content blocks must be non-empty.");
                    parts.Add(text);
                    break;
                case "image":
                    parts.Add(ReadImage(block, blockParam, model, parts.Count, ref urls));
                    break;
                case "tool_result":
                    // Text before a tool result stays before it: flush it as its own user message first.
                    Flush(messages, ref parts, ref urls, ref images);
                    messages.Add(ReadToolResult(block, blockParam, model, messages.Count, ref images));
                    break;
                default:
                    throw NotTranslatableBlock(model, blockParam, type, "user");
            }
        }

        Flush(messages, ref parts, ref urls, ref images);
    }

    private static void Flush(List<ChatMessage> messages, ref List<ContentPart> parts, ref List<(int Part, string Url, string Param)>? urls, ref List<PendingImageUrl>? images)
    {
        if (parts.Count == 0) return;
        if (urls is not null)
        {
            foreach (var (part, url, param) in urls)
            {
                (images ??= []).Add(new PendingImageUrl(messages.Count, part, url, param));
            }

            urls = null;
        }

        messages.Add(new ChatMessage { Role = ChatRole.User, Content = parts });
        parts = [];
    }

    private static ChatMessage ReadToolResult(JsonObject block, string param, string model, int messageIndex, ref List<PendingImageUrl>? images)
    {
        var id = RequiredString(block, "tool_use_id", param);
        var parts = new List<ContentPart>();
        var isError = false;
        CacheControl? cache = null;
        List<(int Part, string Url, string Param)>? urls = null;
        foreach (var (key, v) in block)
        {
            switch (key)
            {
                case "type" or "tool_use_id": break;
                case "is_error": isError = OptionalBool(v, $"{param}.is_error") ?? false; break;
                case "cache_control": cache = ReadCacheControl(v, $"{param}.cache_control"); break;
                case "content":
                    if (v is null) break;
                    if (v is JsonValue)
                    {
                        parts.Add(new TextPart(String(v, $"{param}.content")));
                        break;
                    }

                    var inner = Array(v, $"{param}.content");
                    for (var k = 0; k < inner.Count; k++)
                    {
                        var innerParam = $"{param}.content[{k}]";
                        var innerBlock = Object(inner[k], innerParam);
                        var type = RequiredString(innerBlock, "type", innerParam);
                        parts.Add(type switch
                        {
                            "text" => ReadText(innerBlock, innerParam, model),
                            "image" => ReadImage(innerBlock, innerParam, model, parts.Count, ref urls),
                            _ => throw NotTranslatableBlock(model, innerParam, type, "tool_result"),
                        });
                    }

                    break;
                default:
                    if (v is not null) throw TranslationErrors.Invalid($"{param}.{CallerText.Quote(key)}", "is not a tool_result field.");
                    break;
            }
        }

        if (urls is not null)
        {
            foreach (var (part, url, p) in urls)
            {
                (images ??= []).Add(new PendingImageUrl(messageIndex, part, url, p));
            }
        }

        return new ChatMessage { Role = ChatRole.Tool, ToolCallId = id, Content = parts, IsError = isError, CacheControl = cache };
    }

    private static ChatMessage ReadAssistant(JsonNode content, string param, string model)
    {
        if (content is JsonValue)
        {
            return new ChatMessage { Role = ChatRole.Assistant, Content = [new TextPart(String(content, param))] };
        }

        var blocks = Array(content, param);
        var parts = new List<ContentPart>();
        List<ToolCall>? calls = null;
        ReasoningContent? reasoning = null;
        CacheControl? cache = null;
        for (var j = 0; j < blocks.Count; j++)
        {
            var blockParam = $"{param}[{j}]";
            var block = Object(blocks[j], blockParam);
            var type = RequiredString(block, "type", blockParam);
            switch (type)
            {
                case "text":
                    parts.Add(ReadText(block, blockParam, model));
                    break;
                case "tool_use":
                    var id = RequiredString(block, "id", blockParam);
                    var name = RequiredString(block, "name", blockParam);
                    var input = block.TryGetPropertyValue("input", out var i) && i is not null ? Object(i, $"{blockParam}.input") : throw TranslationErrors.Required($"{blockParam}.input");
                    (calls ??= []).Add(new ToolCall(id, name, input.ToJsonString()));
                    // Core has no marker on a tool call: the nearest cache point is after the whole message.
                    cache = ReadCacheControl(block["cache_control"], $"{blockParam}.cache_control") ?? cache;
                    break;
                case "thinking":
                    // Core keeps one reasoning block per turn; merging two would invalidate their signatures.
                    if (reasoning is not null) throw TranslationErrors.NotTranslatable(model, blockParam, "more than one thinking block in a turn");
                    reasoning = new ReasoningContent(
                        RequiredString(block, "thinking", blockParam),
                        block.TryGetPropertyValue("signature", out var s) ? OptionalString(s, $"{blockParam}.signature") : null);
                    break;
                default:
                    throw NotTranslatableBlock(model, blockParam, type, "assistant");
            }
        }

        return new ChatMessage { Role = ChatRole.Assistant, Content = parts, ToolCalls = calls, Reasoning = reasoning, CacheControl = cache };
    }

    public static TextPart ReadText(JsonObject block, string param, string model)
    {
        string? text = null;
        CacheControl? cache = null;
        foreach (var (key, v) in block)
        {
            switch (key)
            {
                case "type": break;
                case "text": text = String(v, $"{param}.text"); break;
                case "cache_control": cache = ReadCacheControl(v, $"{param}.cache_control"); break;
                case "citations":
                    if (v is JsonArray { Count: > 0 }) throw TranslationErrors.NotTranslatable(model, $"{param}.citations", "citations");
                    break;
                default:
                    if (v is not null) throw TranslationErrors.Invalid($"{param}.{CallerText.Quote(key)}", "is not a text block field.");
                    break;
            }
        }

        if (text is null) throw TranslationErrors.Required($"{param}.text");
        return new TextPart(text) { CacheControl = cache };
    }

    private static ImagePart ReadImage(JsonObject block, string param, string model, int partIndex, ref List<(int Part, string Url, string Param)>? urls)
    {
        var cache = ReadCacheControl(block["cache_control"], $"{param}.cache_control");
        var source = block.TryGetPropertyValue("source", out var s) && s is not null ? Object(s, $"{param}.source") : throw TranslationErrors.Required($"{param}.source");
        var type = RequiredString(source, "type", $"{param}.source");
        switch (type)
        {
            case "base64":
                var mediaType = RequiredString(source, "media_type", $"{param}.source");
                if (mediaType is not ("image/jpeg" or "image/png" or "image/gif" or "image/webp"))
                    throw TranslationErrors.Invalid($"{param}.source.media_type", $"'{CallerText.Quote(mediaType)}' is not supported; use image/jpeg, image/png, image/gif or image/webp.");
                var data = RequiredString(source, "data", $"{param}.source");
                byte[] bytes;
                try
                {
                    bytes = Convert.FromBase64String(data);
                }
                catch (FormatException)
                {
                    throw TranslationErrors.Invalid($"{param}.source.data", "is not valid base64.");
                }

                return new ImagePart(bytes, mediaType) { CacheControl = cache };
            case "url":
                var url = RequiredString(source, "url", $"{param}.source");
                (urls ??= []).Add((partIndex, url, $"{param}.source.url"));
                return Placeholder with { CacheControl = cache };
            default:
                throw TranslationErrors.NotTranslatable(model, $"{param}.source.type", $"image sources of type '{CallerText.Quote(type)}'");
        }
    }

    /// <summary><c>{"type": "ephemeral", "ttl": "5m" | "1h"}</c>, as Anthropic takes it; null for JSON null.</summary>
    public static CacheControl? ReadCacheControl(JsonNode? value, string param)
    {
        if (value is null) return null;
        var obj = Object(value, param);
        var type = RequiredString(obj, "type", param);
        if (type != "ephemeral") throw TranslationErrors.Invalid($"{param}.type", $"'{CallerText.Quote(type)}' is not a cache_control type; use ephemeral.");
        var ttl = obj.TryGetPropertyValue("ttl", out var t) ? OptionalString(t, $"{param}.ttl") : null;
        return ttl switch
        {
            null => CacheControl.Ephemeral,
            "5m" => FiveMinutes,
            "1h" => CacheControl.OneHour,
            _ => throw TranslationErrors.Invalid($"{param}.ttl", $"'{CallerText.Quote(ttl)}' is not a cache TTL; use 5m or 1h."),
        };
    }

    private static GatewayException NotTranslatableBlock(string model, string param, string type, string where) => type switch
    {
        "document" or "search_result" or "redacted_thinking" or "server_tool_use" or "web_search_tool_result"
            or "web_fetch_tool_result" or "code_execution_tool_result" or "mcp_tool_use" or "mcp_tool_result"
            or "container_upload" or "tool_reference" => TranslationErrors.NotTranslatable(model, $"{param}.type", $"'{type}' blocks"),
        "text" or "image" or "tool_use" or "tool_result" or "thinking" =>
            TranslationErrors.Invalid($"{param}.type", $"'{type}' blocks are not allowed in {where} content."),
        _ => TranslationErrors.Invalid($"{param}.type", $"'{CallerText.Quote(type)}' is not a content block type."),
    };
}
