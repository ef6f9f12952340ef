using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Sluice.Bedrock.Catalogue;
using Sluice.Core.Chat;

namespace Sluice.Bedrock.Converse;

/// <summary>
/// ToConverseRequest: writes a neutral <see cref="ChatRequest"/> as a Bedrock Converse/ConverseStream body in one
/// pass with <see cref="Utf8JsonWriter"/>. Requests Bedrock would reject are refused with a 400 naming the parameter.
/// </summary>
public static class ConverseRequestWriter
{
    /// <summary>JSON bodies are not HTML: keep non-ASCII text as UTF-8 instead of \u escapes.</summary>
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Written when a tool answered with nothing, because Bedrock rejects empty text blocks.</summary>
    internal const string EmptyToolResultText = "(no output)";

    /// <summary>Appended to the system prompt for <c>response_format: json_object</c>, which Converse has no switch for.</summary>
    internal const string JsonObjectInstruction = "Respond with a single valid JSON object only, with no text before or after it.";

    /// <summary>Writes the Converse JSON body for <paramref name="request"/> into <paramref name="output"/>.</summary>
    /// <exception cref="Core.Errors.GatewayException">A 400 when the request cannot be expressed for this model.</exception>
    public static void Write(ChatRequest request, ConverseOptions options, IBufferWriter<byte> output)
    {
        var history = HistoryFacts.Collect(request.Messages);
        var reasoning = ConverseReasoning.Plan(request, options);
        var tools = ConverseToolConfig.Plan(request, options, history);
        var singleToolUse = ConverseToolConfig.PlanSingleToolUse(request, options, tools);
        var cache = ConverseCachePlan.Build(request, options, tools);

        using var writer = new Utf8JsonWriter(output, WriterOptions);
        writer.WriteStartObject();
        WriteMessages(writer, request.Messages, options, cache);
        WriteSystem(writer, request, cache);
        WriteInferenceConfig(writer, request, reasoning);
        ConverseToolConfig.Write(writer, request, tools, history, cache);
        WriteAdditionalFields(writer, request, reasoning, singleToolUse);
        WriteOutputConfig(writer, request.ResponseFormat);
        WriteRequestMetadata(writer, request);
        writer.WriteEndObject();
        writer.Flush();
    }

    private static void WriteMessages(Utf8JsonWriter writer, List<ChatMessage> messages, ConverseOptions options, ConverseCachePlan cache)
    {
        writer.WritePropertyName("messages"u8);
        writer.WriteStartArray();
        string? openRole = null;
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            if (m.Role is ChatRole.System or ChatRole.Developer)
            {
                continue;
            }

            // Bedrock needs strict user/assistant alternation: tool results travel as user content, and
            // consecutive messages of one role are merged into one Bedrock message.
            var role = m.Role == ChatRole.Assistant ? "assistant" : "user";
            if (!HasContent(m))
            {
                if (m.Role == ChatRole.Assistant)
                {
                    continue;
                }

                throw RequestErrors.Invalid($"messages[{i}] has no content: empty or whitespace-only text cannot be sent to Bedrock.", $"messages[{i}].content");
            }

            if (!string.Equals(openRole, role, StringComparison.Ordinal))
            {
                if (openRole is not null)
                {
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }

                writer.WriteStartObject();
                writer.WriteString("role"u8, role);
                writer.WritePropertyName("content"u8);
                writer.WriteStartArray();
                openRole = role;
            }

            switch (m.Role)
            {
                case ChatRole.Assistant:
                    WriteAssistantBlocks(writer, m, i);
                    break;
                case ChatRole.Tool:
                    WriteToolResult(writer, m, i, options);
                    break;
                default:
                    WriteContentParts(writer, m.Content, i, options, cache);
                    break;
            }

            cache.WriteIfAt(writer, CacheSection.Messages, i, -1);
        }

        if (openRole is null)
        {
            throw RequestErrors.Invalid("messages must contain at least one user message besides system and developer messages.", "messages");
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    private static bool HasContent(ChatMessage m)
    {
        if (m.Role == ChatRole.Tool)
        {
            return true;
        }

        if (m.Role == ChatRole.Assistant && (m.ToolCalls is { Count: > 0 } || HasSendableReasoning(m.Reasoning)))
        {
            return true;
        }

        foreach (var part in m.Content)
        {
            if (part is ImagePart || (part is TextPart t && !string.IsNullOrWhiteSpace(t.Text)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Reasoning goes back only with its signature (or redacted): models verify it, and Anthropic rejects thinking
    /// blocks without one, so unsigned reasoning is dropped rather than breaking the turn.
    /// </summary>
    private static bool HasSendableReasoning(ReasoningContent? r) =>
        r is not null && (!string.IsNullOrEmpty(r.RedactedData) || (!string.IsNullOrEmpty(r.Text) && !string.IsNullOrEmpty(r.Signature)));

    private static void WriteAssistantBlocks(Utf8JsonWriter writer, ChatMessage m, int index)
    {
        // Reasoning must come first in its message, before the text and tool calls it led to.
        if (HasSendableReasoning(m.Reasoning))
        {
            var r = m.Reasoning!;
            writer.WriteStartObject();
            writer.WritePropertyName("reasoningContent"u8);
            writer.WriteStartObject();
            if (!string.IsNullOrEmpty(r.Text) && !string.IsNullOrEmpty(r.Signature))
            {
                writer.WritePropertyName("reasoningText"u8);
                writer.WriteStartObject();
                writer.WriteString("text"u8, r.Text);
                writer.WriteString("signature"u8, r.Signature);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteString("redactedContent"u8, r.RedactedData);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        foreach (var part in m.Content)
        {
            if (part is TextPart t && !string.IsNullOrWhiteSpace(t.Text))
            {
                WriteText(writer, t.Text);
            }
        }

        if (m.ToolCalls is null)
        {
            return;
        }

        for (var j = 0; j < m.ToolCalls.Count; j++)
        {
            var call = m.ToolCalls[j];
            writer.WriteStartObject();
            writer.WritePropertyName("toolUse"u8);
            writer.WriteStartObject();
            writer.WriteString("toolUseId"u8, call.Id);
            writer.WriteString("name"u8, call.Name);
            writer.WritePropertyName("input"u8);
            WriteArguments(writer, call.ArgumentsJson, $"messages[{index}].tool_calls[{j}].function.arguments");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
    }

    private static void WriteArguments(Utf8JsonWriter writer, string argumentsJson, string param)
    {
        // Some clients send "" for a function without parameters; Bedrock needs an object.
        if (string.IsNullOrWhiteSpace(argumentsJson))
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
            return;
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(argumentsJson, ArgumentsOptions);
        }
        catch (JsonException e)
        {
            throw RequestErrors.Invalid($"{param} is not valid JSON ({e.Message}); tool call arguments must be a JSON object.", param);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw RequestErrors.Invalid($"{param} must be a JSON object, not {doc.RootElement.ValueKind}.", param);
            }

            doc.RootElement.WriteTo(writer);
        }
    }

    // As deep as the gateway lets a request body nest: tool arguments mirror tool schemas, which can be deep.
    private static readonly JsonDocumentOptions ArgumentsOptions = new() { MaxDepth = 256 };

    private static void WriteToolResult(Utf8JsonWriter writer, ChatMessage m, int index, ConverseOptions options)
    {
        if (string.IsNullOrEmpty(m.ToolCallId))
        {
            throw RequestErrors.Invalid($"messages[{index}] is a tool message without tool_call_id.", $"messages[{index}].tool_call_id");
        }

        writer.WriteStartObject();
        writer.WritePropertyName("toolResult"u8);
        writer.WriteStartObject();
        writer.WriteString("toolUseId"u8, m.ToolCallId);
        writer.WritePropertyName("content"u8);
        writer.WriteStartArray();
        if (!WriteContentParts(writer, m.Content, index, options))
        {
            WriteText(writer, EmptyToolResultText);
        }

        writer.WriteEndArray();
        if (m.IsError)
        {
            writer.WriteString("status"u8, "error"u8);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes text and image blocks, dropping empty text; returns whether anything was written. Cache points follow
    /// parts only when <paramref name="cache"/> is given (a user message's own blocks, not a tool result's).
    /// </summary>
    private static bool WriteContentParts(Utf8JsonWriter writer, List<ContentPart> parts, int index, ConverseOptions options, ConverseCachePlan? cache = null)
    {
        var wrote = false;
        for (var j = 0; j < parts.Count; j++)
        {
            switch (parts[j])
            {
                case TextPart t when !string.IsNullOrWhiteSpace(t.Text):
                    WriteText(writer, t.Text);
                    wrote = true;
                    break;
                case ImagePart img:
                    WriteImage(writer, img, $"messages[{index}].content[{j}]", options);
                    wrote = true;
                    break;
                default:
                    continue;
            }

            cache?.WriteIfAt(writer, CacheSection.Messages, index, j);
        }

        return wrote;
    }

    private static void WriteText(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("text"u8, text);
        writer.WriteEndObject();
    }

    private static void WriteImage(Utf8JsonWriter writer, ImagePart img, string param, ConverseOptions options)
    {
        if (!options.Capabilities.Images)
        {
            throw RequestErrors.Invalid($"Model {options.ModelId} does not accept images; remove the image at {param}.", param);
        }

        var format = ImageFormat(img.MediaType)
            ?? throw RequestErrors.Invalid($"{param}: image type '{img.MediaType}' is not supported by Bedrock; use PNG, JPEG, GIF or WebP.", param);
        writer.WriteStartObject();
        writer.WritePropertyName("image"u8);
        writer.WriteStartObject();
        writer.WriteString("format"u8, format);
        writer.WritePropertyName("source"u8);
        writer.WriteStartObject();
        writer.WriteBase64String("bytes"u8, img.Data.Span);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    internal static string? ImageFormat(string mediaType) => mediaType.Trim().ToLowerInvariant() switch
    {
        "image/png" => "png",
        "image/jpeg" or "image/jpg" or "image/pjpeg" => "jpeg",
        "image/gif" => "gif",
        "image/webp" => "webp",
        _ => null,
    };

    private static void WriteSystem(Utf8JsonWriter writer, ChatRequest request, ConverseCachePlan cache)
    {
        var started = false;
        for (var i = 0; i < request.Messages.Count; i++)
        {
            var m = request.Messages[i];
            if (m.Role is not (ChatRole.System or ChatRole.Developer))
            {
                continue;
            }

            for (var j = 0; j < m.Content.Count; j++)
            {
                if (m.Content[j] is ImagePart)
                {
                    throw RequestErrors.Invalid($"messages[{i}] is a {m.Role.ToString().ToLowerInvariant()} message with an image; Bedrock system prompts take text only.", $"messages[{i}].content[{j}]");
                }

                if (m.Content[j] is TextPart t && !string.IsNullOrWhiteSpace(t.Text))
                {
                    StartSystem(writer, ref started);
                    WriteText(writer, t.Text);
                    cache.WriteIfAt(writer, CacheSection.System, i, j);
                }
            }
        }

        if (request.ResponseFormat is { Kind: ResponseFormatKind.JsonObject })
        {
            StartSystem(writer, ref started);
            WriteText(writer, JsonObjectInstruction);
        }

        if (started)
        {
            cache.WriteIfAt(writer, CacheSection.System, -1, -1);
            writer.WriteEndArray();
        }
    }

    private static void StartSystem(Utf8JsonWriter writer, ref bool started)
    {
        if (!started)
        {
            writer.WritePropertyName("system"u8);
            writer.WriteStartArray();
            started = true;
        }
    }

    private static void WriteInferenceConfig(Utf8JsonWriter writer, ChatRequest request, ReasoningPlan reasoning)
    {
        var maxTokens = reasoning.MaxTokens ?? request.MaxTokens;
        if (request.Temperature is < 0 or > 1)
        {
            throw RequestErrors.Invalid($"temperature must be between 0 and 1 for Bedrock models (got {request.Temperature}).", "temperature");
        }

        if (request.TopP is < 0 or > 1)
        {
            throw RequestErrors.Invalid($"top_p must be between 0 and 1 (got {request.TopP}).", "top_p");
        }

        var hasStop = false;
        if (request.Stop is not null)
        {
            foreach (var s in request.Stop)
            {
                hasStop |= !string.IsNullOrEmpty(s);
            }
        }

        if (maxTokens is null && request.Temperature is null && request.TopP is null && !hasStop)
        {
            return;
        }

        writer.WritePropertyName("inferenceConfig"u8);
        writer.WriteStartObject();
        if (maxTokens is { } max)
        {
            writer.WriteNumber("maxTokens"u8, max);
        }

        if (request.Temperature is { } temperature)
        {
            writer.WriteNumber("temperature"u8, temperature);
        }

        if (request.TopP is { } topP)
        {
            writer.WriteNumber("topP"u8, topP);
        }

        if (hasStop)
        {
            writer.WritePropertyName("stopSequences"u8);
            writer.WriteStartArray();
            foreach (var s in request.Stop!)
            {
                if (!string.IsNullOrEmpty(s))
                {
                    writer.WriteStringValue(s);
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>Model-native fields: thinking or reasoning configuration, and Anthropic's tool_choice, in one object.</summary>
    private static void WriteAdditionalFields(Utf8JsonWriter writer, ChatRequest request, ReasoningPlan reasoning, bool singleToolUse)
    {
        if (reasoning.Style == ReasoningStyle.None && !singleToolUse)
        {
            return;
        }

        writer.WritePropertyName("additionalModelRequestFields"u8);
        writer.WriteStartObject();
        ConverseReasoning.WriteFields(writer, reasoning);
        if (singleToolUse)
        {
            ConverseToolConfig.WriteAnthropicToolChoice(writer, request.ToolChoice);
        }

        writer.WriteEndObject();
    }

    private static void WriteOutputConfig(Utf8JsonWriter writer, ResponseFormat? format)
    {
        if (format is not { Kind: ResponseFormatKind.JsonSchema })
        {
            return;
        }

        if (format.Schema is not { ValueKind: JsonValueKind.Object } schema)
        {
            throw RequestErrors.Invalid("response_format.json_schema.schema must be a JSON object.", "response_format.json_schema.schema");
        }

        writer.WritePropertyName("outputConfig"u8);
        writer.WriteStartObject();
        writer.WritePropertyName("textFormat"u8);
        writer.WriteStartObject();
        writer.WriteString("type"u8, "json_schema");
        writer.WritePropertyName("structure"u8);
        writer.WriteStartObject();
        writer.WritePropertyName("jsonSchema"u8);
        writer.WriteStartObject();
        // Converse takes the schema as a JSON *string*, not as a nested document.
        writer.WriteString("schema"u8, CompactJson(schema));
        if (!string.IsNullOrEmpty(format.SchemaName))
        {
            writer.WriteString("name"u8, format.SchemaName);
        }

        if (!string.IsNullOrEmpty(format.Description))
        {
            writer.WriteString("description"u8, format.Description);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    internal static string CompactJson(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            element.WriteTo(w);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteRequestMetadata(Utf8JsonWriter writer, ChatRequest request)
    {
        var started = false;
        if (RequestMetadata.IsAllowed("user", request.User))
        {
            RequestMetadata.Start(writer, ref started);
            writer.WriteString("user"u8, request.User);
        }

        if (request.Metadata is not null)
        {
            foreach (var (key, value) in request.Metadata)
            {
                if (key != "user" && RequestMetadata.IsAllowed(key, value))
                {
                    RequestMetadata.Start(writer, ref started);
                    writer.WriteString(key, value);
                }
            }
        }

        if (started)
        {
            writer.WriteEndObject();
        }
    }
}
