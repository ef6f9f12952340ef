using System.Buffers;
using System.Text.Json;
using Sluice.Anthropic.Translation;
using Sluice.Core.Chat;
using Sluice.Core.Errors;

namespace Sluice.Anthropic.Chat;

/// <summary>
/// Core's chat request as an Anthropic Messages body: system and developer messages become <c>system</c> blocks, tool
/// answers become <c>tool_result</c> blocks of a user turn, images base64 <c>image</c> blocks, reasoning effort a
/// thinking budget, and cache markers <c>cache_control</c>. What Messages cannot express is refused with a 400 naming
/// the parameter, or dropped when the request allows it.
/// </summary>
internal static class ChatRequestWriter
{
    /// <summary>Anthropic requires max_tokens; this is the answer's room when the caller set none.</summary>
    internal const int DefaultMaxTokens = 4096;

    /// <param name="stream">Whether the call is streamed (the request's own flag may say otherwise when the gateway streams it).</param>
    public static void ToMessagesRequest(ChatRequest request, string modelId, bool stream, IBufferWriter<byte> output)
    {
        var budget = ThinkingBudget(request, modelId);
        using var writer = new Utf8JsonWriter(output, AnthropicWire.WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("model"u8, modelId);
        writer.WriteNumber("max_tokens"u8, MaxTokens(request.MaxTokens, budget));
        WriteSystem(writer, request.Messages);
        WriteMessages(writer, request.Messages);
        if (request.Temperature is { } temperature) writer.WriteNumber("temperature"u8, temperature);
        if (request.TopP is { } topP) writer.WriteNumber("top_p"u8, topP);
        if (request.Stop is { Count: > 0 } stop)
        {
            writer.WriteStartArray("stop_sequences"u8);
            foreach (var s in stop) writer.WriteStringValue(s);
            writer.WriteEndArray();
        }

        WriteTools(writer, request);
        if (budget > 0)
        {
            writer.WriteStartObject("thinking"u8);
            writer.WriteString("type"u8, "enabled");
            writer.WriteNumber("budget_tokens"u8, budget);
            writer.WriteEndObject();
        }

        if (request.User is { Length: > 0 } user)
        {
            writer.WriteStartObject("metadata"u8);
            writer.WriteString("user_id"u8, user);
            writer.WriteEndObject();
        }

        if (request.ResponseFormat is { Kind: not ResponseFormatKind.Text })
        {
            if (!request.DropUnsupported)
            {
                throw new GatewayException(GatewayError.InvalidRequest(
                    $"response_format is not supported for Anthropic model {modelId}: the Messages API has no JSON mode. Describe the format in the prompt, or send x-sluice-drop-params: true to drop it.",
                    "response_format", "unsupported_parameter"));
            }

            request.Drop("response_format");
        }

        if (stream) writer.WriteBoolean("stream"u8, true);
        writer.WriteEndObject();
    }

    private static int MaxTokens(int? requested, int budget) => (requested, budget) switch
    {
        (null, 0) => DefaultMaxTokens,
        (null, _) => budget + DefaultMaxTokens,
        ({ } m, > 0) when m <= budget => budget + m, // max_tokens counts thinking too and must exceed the budget
        ({ } m, _) => m,
    };

    private static int ThinkingBudget(ChatRequest request, string modelId)
    {
        if (request.ReasoningEffort is not { } effort) return 0;
        var budget = effort switch
        {
            "low" => 1024,
            "medium" => 4096,
            "high" => 16384,
            _ => throw new GatewayException(GatewayError.InvalidRequest($"reasoning_effort must be low, medium or high (got '{CallerText.Quote(effort)}').", "reasoning_effort")),
        };
        if (request.Temperature is { } t && t != 1f)
        {
            throw new GatewayException(GatewayError.InvalidRequest(
                $"temperature cannot be set (other than 1) together with reasoning_effort on {modelId}: Anthropic thinking requires the default temperature.", "temperature"));
        }

        if (request.ToolChoice is { Kind: ToolChoiceKind.Required or ToolChoiceKind.Function })
        {
            throw new GatewayException(GatewayError.InvalidRequest($"tool_choice cannot force a tool together with reasoning_effort on {modelId}; use auto.", "tool_choice"));
        }

        return budget;
    }

    private static void WriteSystem(Utf8JsonWriter writer, List<ChatMessage> messages)
    {
        var open = false;
        foreach (var message in messages)
        {
            if (message.Role is not (ChatRole.System or ChatRole.Developer)) continue;
            if (!open)
            {
                writer.WriteStartArray("system"u8);
                open = true;
            }

            for (var i = 0; i < message.Content.Count; i++)
            {
                if (message.Content[i] is not TextPart text)
                {
                    throw new GatewayException(GatewayError.InvalidRequest("A system message can only hold text for Anthropic models.", "messages"));
                }

                var marker = text.CacheControl ?? (i == message.Content.Count - 1 ? message.CacheControl : null);
                WriteText(writer, text.Text, marker);
            }
        }

        if (open) writer.WriteEndArray();
    }

    private static void WriteMessages(Utf8JsonWriter writer, List<ChatMessage> messages)
    {
        writer.WriteStartArray("messages"u8);
        var inToolResults = false;
        foreach (var message in messages)
        {
            switch (message.Role)
            {
                case ChatRole.System or ChatRole.Developer:
                    continue;
                case ChatRole.Tool:
                    // Consecutive tool answers are one user turn of tool_result blocks, as Anthropic expects them.
                    if (!inToolResults)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("role"u8, "user");
                        writer.WriteStartArray("content"u8);
                        inToolResults = true;
                    }

                    WriteToolResult(writer, message);
                    continue;
            }

            if (inToolResults)
            {
                writer.WriteEndArray();
                writer.WriteEndObject();
                inToolResults = false;
            }

            writer.WriteStartObject();
            writer.WriteString("role"u8, message.Role == ChatRole.Assistant ? "assistant" : "user");
            writer.WriteStartArray("content"u8);
            if (message.Role == ChatRole.Assistant) WriteReasoning(writer, message.Reasoning);
            var blocks = message.Content.Count + (message.ToolCalls?.Count ?? 0);
            var written = 0;
            foreach (var part in message.Content)
            {
                written++;
                var marker = part.CacheControl ?? (written == blocks ? message.CacheControl : null);
                switch (part)
                {
                    case TextPart text:
                        WriteText(writer, text.Text, marker);
                        break;
                    case ImagePart image:
                        WriteImage(writer, image, marker);
                        break;
                }
            }

            if (message.ToolCalls is { } calls)
            {
                foreach (var call in calls)
                {
                    written++;
                    WriteToolUse(writer, call, written == blocks ? message.CacheControl : null);
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        if (inToolResults)
        {
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteReasoning(Utf8JsonWriter writer, ReasoningContent? reasoning)
    {
        // Only signed thinking can be sent back: Anthropic refuses a thinking block without its signature.
        if (reasoning is { RedactedData: { } data })
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "redacted_thinking");
            writer.WriteString("data"u8, data);
            writer.WriteEndObject();
        }
        else if (reasoning is { Signature: { } signature })
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "thinking");
            writer.WriteString("thinking"u8, reasoning.Text ?? "");
            writer.WriteString("signature"u8, signature);
            writer.WriteEndObject();
        }
    }

    private static void WriteText(Utf8JsonWriter writer, string text, CacheControl? marker)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "text");
        writer.WriteString("text"u8, text);
        WriteCacheControl(writer, marker);
        writer.WriteEndObject();
    }

    private static void WriteImage(Utf8JsonWriter writer, ImagePart image, CacheControl? marker)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "image");
        writer.WriteStartObject("source"u8);
        writer.WriteString("type"u8, "base64");
        writer.WriteString("media_type"u8, image.MediaType);
        writer.WriteBase64String("data"u8, image.Data.Span);
        writer.WriteEndObject();
        WriteCacheControl(writer, marker);
        writer.WriteEndObject();
    }

    private static void WriteToolUse(Utf8JsonWriter writer, ToolCall call, CacheControl? marker)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "tool_use");
        writer.WriteString("id"u8, call.Id);
        writer.WriteString("name"u8, call.Name);
        writer.WritePropertyName("input"u8);
        WriteArguments(writer, call);
        WriteCacheControl(writer, marker);
        writer.WriteEndObject();
    }

    private static void WriteArguments(Utf8JsonWriter writer, ToolCall call)
    {
        if (string.IsNullOrWhiteSpace(call.ArgumentsJson))
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
            return;
        }

        try
        {
            using var doc = JsonDocument.Parse(call.ArgumentsJson);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new JsonException();
            doc.RootElement.WriteTo(writer);
        }
        catch (JsonException)
        {
            throw new GatewayException(GatewayError.InvalidRequest(
                $"The arguments of tool call {CallerText.Quote(call.Id)} are not a JSON object; Anthropic needs the input of each tool_use as one.", "messages"));
        }
    }

    private static void WriteToolResult(Utf8JsonWriter writer, ChatMessage message)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "tool_result");
        writer.WriteString("tool_use_id"u8, message.ToolCallId ?? "");
        writer.WriteStartArray("content"u8);
        foreach (var part in message.Content)
        {
            switch (part)
            {
                case TextPart text:
                    WriteText(writer, text.Text, part.CacheControl);
                    break;
                case ImagePart image:
                    WriteImage(writer, image, part.CacheControl);
                    break;
            }
        }

        writer.WriteEndArray();
        if (message.IsError) writer.WriteBoolean("is_error"u8, true);
        WriteCacheControl(writer, message.CacheControl);
        writer.WriteEndObject();
    }

    private static void WriteTools(Utf8JsonWriter writer, ChatRequest request)
    {
        var choice = request.ToolChoice;
        if (request.Tools is not { Count: > 0 } tools)
        {
            return;
        }

        writer.WriteStartArray("tools"u8);
        foreach (var tool in tools)
        {
            writer.WriteStartObject();
            writer.WriteString("name"u8, tool.Name);
            if (tool.Description is { } description) writer.WriteString("description"u8, description);
            writer.WritePropertyName("input_schema"u8);
            if (tool.Parameters is { ValueKind: JsonValueKind.Object } schema)
            {
                schema.WriteTo(writer);
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteString("type"u8, "object");
                writer.WriteEndObject();
            }

            WriteCacheControl(writer, tool.CacheControl);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (choice is null && request.ParallelToolCalls is not false) return;
        writer.WriteStartObject("tool_choice"u8);
        switch (choice?.Kind ?? ToolChoiceKind.Auto)
        {
            case ToolChoiceKind.None:
                writer.WriteString("type"u8, "none");
                break;
            case ToolChoiceKind.Required:
                writer.WriteString("type"u8, "any");
                break;
            case ToolChoiceKind.Function:
                writer.WriteString("type"u8, "tool");
                writer.WriteString("name"u8, choice!.Value.FunctionName);
                break;
            default:
                writer.WriteString("type"u8, "auto");
                break;
        }

        if (request.ParallelToolCalls is false && choice?.Kind != ToolChoiceKind.None) writer.WriteBoolean("disable_parallel_tool_use"u8, true);
        writer.WriteEndObject();
    }

    private static void WriteCacheControl(Utf8JsonWriter writer, CacheControl? marker)
    {
        if (marker is null) return;
        writer.WriteStartObject("cache_control"u8);
        writer.WriteString("type"u8, "ephemeral");
        if (marker.Ttl is { } ttl) writer.WriteString("ttl"u8, ttl);
        writer.WriteEndObject();
    }
}
