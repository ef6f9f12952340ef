using Sluice.Core.Errors;
using System.Buffers;
using System.Text;
using System.Text.Json;
using Sluice.Core.Chat;
using Sluice.Gateway.ImageFetching;
using static Sluice.Gateway.OpenAi.JsonRead;

namespace Sluice.Gateway.OpenAi;

/// <summary>
/// Reads OpenAI chat <c>messages</c> into Core messages. Data-URL images are decoded straight from the body's bytes;
/// http(s) image URLs are recorded as <see cref="PendingImage"/> with a placeholder part, fetched after authorization.
/// </summary>
internal static class ChatMessageParser
{
    private static readonly ImagePart Placeholder = new(ReadOnlyMemory<byte>.Empty, "");

    public static List<ChatMessage> ReadMessages(ref Utf8JsonReader reader, ref List<PendingImage>? images, ref List<UnsupportedParameter>? unsupported)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw Type("messages", "an array of message objects");
        var messages = new List<ChatMessage>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            messages.Add(ReadMessage(ref reader, messages.Count, ref images, ref unsupported));
        }

        if (messages.Count == 0) throw Invalid("messages", "'messages' must contain at least one message.");
        return messages;
    }

    private static ChatMessage ReadMessage(ref Utf8JsonReader reader, int index, ref List<PendingImage>? images, ref List<UnsupportedParameter>? unsupported)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw Type($"messages[{index}]", "an object");
        string? role = null, name = null, toolCallId = null, reasoningText = null, reasoningSignature = null, redacted = null;
        var content = new List<ContentPart>();
        var firstImage = -1;
        var onlyUnsupported = false;
        List<ToolCall>? toolCalls = null;
        CacheControl? cache = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("cache_control"u8))
            {
                Value(ref reader);
                cache = CacheControlReader.Read(ref reader, $"messages[{index}].cache_control");
            }
            else if (reader.ValueTextEquals("role"u8))
            {
                Value(ref reader);
                if (!TryString(ref reader, out role)) throw Type($"messages[{index}].role", "a string");
            }
            else if (reader.ValueTextEquals("content"u8))
            {
                Value(ref reader);
                var before = unsupported?.Count ?? 0;
                firstImage = ReadContent(ref reader, index, content, ref images, ref unsupported);
                onlyUnsupported = content.Count == 0 && (unsupported?.Count ?? 0) > before;
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                Value(ref reader);
                if (!TryOptionalString(ref reader, out name)) throw Type($"messages[{index}].name", "a string");
            }
            else if (reader.ValueTextEquals("tool_call_id"u8))
            {
                Value(ref reader);
                if (!TryOptionalString(ref reader, out toolCallId)) throw Type($"messages[{index}].tool_call_id", "a string");
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                Value(ref reader);
                toolCalls = ReadToolCalls(ref reader, index);
            }
            else if (reader.ValueTextEquals("reasoning_content"u8))
            {
                Value(ref reader);
                if (!TryOptionalString(ref reader, out reasoningText)) throw Type($"messages[{index}].reasoning_content", "a string");
            }
            else if (reader.ValueTextEquals("reasoning_signature"u8))
            {
                Value(ref reader);
                if (!TryOptionalString(ref reader, out reasoningSignature)) throw Type($"messages[{index}].reasoning_signature", "a string");
            }
            else if (reader.ValueTextEquals("redacted_reasoning_content"u8))
            {
                Value(ref reader);
                if (!TryOptionalString(ref reader, out redacted)) throw Type($"messages[{index}].redacted_reasoning_content", "a string");
            }
            else if (reader.ValueTextEquals("thinking_blocks"u8))
            {
                Value(ref reader);
                ReadThinkingBlocks(ref reader, index, ref reasoningText, ref reasoningSignature, ref redacted);
            }
            else if (reader.ValueTextEquals("function_call"u8))
            {
                Value(ref reader);
                if (reader.TokenType != JsonTokenType.Null)
                    throw Unsupported($"messages[{index}].function_call", "'function_call' is deprecated and not supported; send 'tool_calls' instead.");
            }
            else
            {
                Value(ref reader);
                reader.Skip();
            }
        }

        var chatRole = role switch
        {
            "system" => ChatRole.System,
            "developer" => ChatRole.Developer,
            "user" => ChatRole.User,
            "assistant" => ChatRole.Assistant,
            "tool" => ChatRole.Tool,
            null => throw Invalid($"messages[{index}].role", $"'messages[{index}].role' is required (system, developer, user, assistant or tool).", "missing_required_parameter"),
            "function" => throw Unsupported($"messages[{index}].role", "The 'function' role is deprecated and not supported; use 'tool' messages with 'tool_call_id'."),
            _ => throw Invalid($"messages[{index}].role", $"'{CallerText.Quote(role)}' is not a valid role; use system, developer, user, assistant or tool."),
        };

        if (firstImage >= 0 && chatRole != ChatRole.User)
        {
            throw Invalid($"messages[{index}].content[{firstImage}]", $"Images are only allowed in user messages, not in '{role}' messages.");
        }

        // Parts only passthrough upstreams take (audio, files) leave no content here: refused with their own error
        // once the model is known, unless it takes them.
        if (chatRole == ChatRole.User && content.Count == 0 && !onlyUnsupported)
        {
            throw Invalid($"messages[{index}].content", $"'messages[{index}].content' must not be empty in a user message.");
        }

        if (chatRole == ChatRole.Tool && string.IsNullOrEmpty(toolCallId))
        {
            throw Invalid($"messages[{index}].tool_call_id", $"'messages[{index}].tool_call_id' is required in a tool message: it names the call this message answers.", "missing_required_parameter");
        }

        if (toolCalls is not null && chatRole != ChatRole.Assistant)
        {
            throw Invalid($"messages[{index}].tool_calls", "Only assistant messages may carry 'tool_calls'.");
        }

        var reasoning = chatRole == ChatRole.Assistant && (reasoningText is not null || reasoningSignature is not null || redacted is not null)
            ? new ReasoningContent(reasoningText, reasoningSignature, redacted)
            : null;
        return new ChatMessage
        {
            Role = chatRole,
            Content = content,
            ToolCalls = toolCalls is { Count: > 0 } ? toolCalls : null,
            ToolCallId = chatRole == ChatRole.Tool ? toolCallId : null,
            Reasoning = reasoning,
            Name = name,
            CacheControl = cache,
        };
    }

    /// <summary>Reads a string or an array of parts; returns the index of the first image part, or -1.</summary>
    private static int ReadContent(ref Utf8JsonReader reader, int message, List<ContentPart> content, ref List<PendingImage>? images,
        ref List<UnsupportedParameter>? unsupported)
    {
        if (reader.TokenType == JsonTokenType.Null) return -1;
        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString()!;
            if (text.Length > 0) content.Add(new TextPart(text));
            return -1;
        }

        if (reader.TokenType != JsonTokenType.StartArray) throw Type($"messages[{message}].content", "a string or an array of content parts");
        var firstImage = -1;
        var part = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject) throw Type($"messages[{message}].content[{part}]", "an object");
            string? type = null, text = null, url = null;
            ImagePart? image = null;
            CacheControl? cache = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                if (reader.ValueTextEquals("cache_control"u8))
                {
                    Value(ref reader);
                    cache = CacheControlReader.Read(ref reader, $"messages[{message}].content[{part}].cache_control");
                }
                else if (reader.ValueTextEquals("type"u8))
                {
                    Value(ref reader);
                    if (!TryString(ref reader, out type)) throw Type($"messages[{message}].content[{part}].type", "a string");
                }
                else if (reader.ValueTextEquals("text"u8) || reader.ValueTextEquals("refusal"u8))
                {
                    var isText = reader.ValueTextEquals("text"u8);
                    Value(ref reader);
                    if (!TryString(ref reader, out text)) throw Type($"messages[{message}].content[{part}].{(isText ? "text" : "refusal")}", "a string");
                }
                else if (reader.ValueTextEquals("image_url"u8))
                {
                    Value(ref reader);
                    ReadImageUrl(ref reader, message, part, ref image, ref url);
                }
                else
                {
                    Value(ref reader);
                    reader.Skip();
                }
            }

            switch (type)
            {
                case "text" or "refusal":
                    if (text is null) throw Invalid($"messages[{message}].content[{part}].{type}", $"A '{type}' content part needs its '{type}' field.", "missing_required_parameter");
                    // Empty text blocks are rejected upstream; an empty part adds nothing, so drop it.
                    if (text.Length > 0) content.Add(new TextPart(text) { CacheControl = cache });
                    break;
                case "image_url":
                    if (image is null && url is null)
                        throw Invalid($"messages[{message}].content[{part}].image_url", "An 'image_url' part needs 'image_url.url'.", "missing_required_parameter");
                    if (firstImage < 0) firstImage = part;
                    if (url is not null)
                    {
                        (images ??= []).Add(new PendingImage(-1, content.Count, url, $"messages[{message}].content[{part}].image_url.url"));
                        content.Add(cache is null ? Placeholder : Placeholder with { CacheControl = cache });
                    }
                    else
                    {
                        content.Add(cache is null ? image! : image! with { CacheControl = cache });
                    }

                    break;
                case null:
                    throw Invalid($"messages[{message}].content[{part}].type", "Every content part needs a 'type' (text or image_url).", "missing_required_parameter");
                case "input_audio" or "file" or "input_file":
                    // Refused (or left out with drop_params) once the model is known; passed through to OpenAI models.
                    (unsupported ??= []).Add(new UnsupportedParameter($"messages[{message}].content[{part}].type",
                        $"Content parts of type '{CallerText.Quote(type)}' are not supported; send text and image_url parts."));
                    break;
                default:
                    throw Invalid($"messages[{message}].content[{part}].type", $"'{CallerText.Quote(type)}' is not a supported content part type; use text or image_url.");
            }

            part++;
        }

        // Pending images recorded above do not know their message index yet; fill it in now.
        if (images is not null)
        {
            for (var i = images.Count - 1; i >= 0 && images[i].Message < 0; i--)
            {
                images[i] = images[i] with { Message = message };
            }
        }

        return firstImage;
    }

    private static void ReadImageUrl(ref Utf8JsonReader reader, int message, int part, ref ImagePart? image, ref string? url)
    {
        // Some clients send image_url as a bare string rather than {url, detail}.
        if (reader.TokenType == JsonTokenType.String)
        {
            ReadUrl(ref reader, $"messages[{message}].content[{part}].image_url", ref image, ref url);
            return;
        }

        if (reader.TokenType != JsonTokenType.StartObject) throw Type($"messages[{message}].content[{part}].image_url", "an object with 'url'");
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("url"u8))
            {
                Value(ref reader);
                if (reader.TokenType != JsonTokenType.String) throw Type($"messages[{message}].content[{part}].image_url.url", "a string");
                ReadUrl(ref reader, $"messages[{message}].content[{part}].image_url.url", ref image, ref url);
            }
            else
            {
                Value(ref reader);
                reader.Skip();
            }
        }
    }

    private static void ReadUrl(ref Utf8JsonReader reader, string param, ref ImagePart? image, ref string? url)
    {
        byte[]? rented = null;
        ReadOnlySpan<byte> raw;
        if (reader.HasValueSequence || reader.ValueIsEscaped)
        {
            var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
            rented = ArrayPool<byte>.Shared.Rent(length);
            raw = rented.AsSpan(0, reader.CopyString(rented));
        }
        else
        {
            raw = reader.ValueSpan;
        }

        try
        {
            if (DataUrl.IsDataUrl(raw))
            {
                if (!DataUrl.TryDecode(raw, out var data, out var mediaType, out var reason))
                    throw Invalid(param, $"The image at '{param}' could not be used: {reason}.", "invalid_image_url");
                image = new ImagePart(data, mediaType);
                url = null;
                return;
            }

            if (!raw.StartsWith("http://"u8) && !raw.StartsWith("https://"u8))
                throw Invalid(param, $"The image at '{param}' must be an http(s) URL or a base64 data URL (data:image/png;base64,...).", "invalid_image_url");
            url = Encoding.UTF8.GetString(raw);
            image = null;
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static List<ToolCall> ReadToolCalls(ref Utf8JsonReader reader, int message)
    {
        var calls = new List<ToolCall>();
        if (reader.TokenType == JsonTokenType.Null) return calls;
        if (reader.TokenType != JsonTokenType.StartArray) throw Type($"messages[{message}].tool_calls", "an array");
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var i = calls.Count;
            if (reader.TokenType != JsonTokenType.StartObject) throw Type($"messages[{message}].tool_calls[{i}]", "an object");
            string? id = null, type = null, name = null, arguments = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    Value(ref reader);
                    if (!TryString(ref reader, out id)) throw Type($"messages[{message}].tool_calls[{i}].id", "a string");
                }
                else if (reader.ValueTextEquals("type"u8))
                {
                    Value(ref reader);
                    if (!TryString(ref reader, out type)) throw Type($"messages[{message}].tool_calls[{i}].type", "a string");
                }
                else if (reader.ValueTextEquals("function"u8))
                {
                    Value(ref reader);
                    if (reader.TokenType != JsonTokenType.StartObject) throw Type($"messages[{message}].tool_calls[{i}].function", "an object");
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        if (reader.ValueTextEquals("name"u8))
                        {
                            Value(ref reader);
                            if (!TryString(ref reader, out name)) throw Type($"messages[{message}].tool_calls[{i}].function.name", "a string");
                        }
                        else if (reader.ValueTextEquals("arguments"u8))
                        {
                            Value(ref reader);
                            if (!TryOptionalString(ref reader, out arguments)) throw Type($"messages[{message}].tool_calls[{i}].function.arguments", "a string of JSON");
                        }
                        else
                        {
                            Value(ref reader);
                            reader.Skip();
                        }
                    }
                }
                else
                {
                    Value(ref reader);
                    reader.Skip();
                }
            }

            if (type is not null and not "function") throw Invalid($"messages[{message}].tool_calls[{i}].type", "Only tool calls of type 'function' are supported.");
            if (string.IsNullOrEmpty(id)) throw Invalid($"messages[{message}].tool_calls[{i}].id", "Every tool call needs its 'id'.", "missing_required_parameter");
            if (string.IsNullOrEmpty(name)) throw Invalid($"messages[{message}].tool_calls[{i}].function.name", "Every tool call needs 'function.name'.", "missing_required_parameter");
            calls.Add(new ToolCall(id, name, string.IsNullOrEmpty(arguments) ? "{}" : arguments));
        }

        return calls;
    }

    /// <summary>Anthropic/LiteLLM-style <c>thinking_blocks</c>: the first thinking block and any redacted block.</summary>
    private static void ReadThinkingBlocks(ref Utf8JsonReader reader, int message, ref string? text, ref string? signature, ref string? redacted)
    {
        if (reader.TokenType == JsonTokenType.Null) return;
        if (reader.TokenType != JsonTokenType.StartArray) throw Type($"messages[{message}].thinking_blocks", "an array");
        var block = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject) throw Type($"messages[{message}].thinking_blocks[{block}]", "an object");
            string? type = null, thinking = null, sig = null, data = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var field = reader.ValueTextEquals("type"u8) ? 0 : reader.ValueTextEquals("thinking"u8) ? 1 : reader.ValueTextEquals("signature"u8) ? 2 : reader.ValueTextEquals("data"u8) ? 3 : -1;
                Value(ref reader);
                if (field < 0)
                {
                    reader.Skip();
                    continue;
                }

                if (!TryOptionalString(ref reader, out var value)) throw Type($"messages[{message}].thinking_blocks[{block}]", "an object of string fields");
                switch (field)
                {
                    case 0: type = value; break;
                    case 1: thinking = value; break;
                    case 2: sig = value; break;
                    default: data = value; break;
                }
            }

            if (type == "redacted_thinking") redacted ??= data;
            else if (type == "thinking" && text is null && signature is null)
            {
                text = thinking;
                signature = sig;
            }

            block++;
        }
    }
}
