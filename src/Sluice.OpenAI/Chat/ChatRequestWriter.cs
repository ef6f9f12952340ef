using System.Buffers;
using System.Text.Json;
using Sluice.Core.Chat;

namespace Sluice.OpenAI.Chat;

/// <summary>
/// Writes Core's <see cref="ChatRequest"/> as an OpenAI <c>/chat/completions</c> body: the path of requests that did
/// not arrive in OpenAI's shape (the Anthropic <c>/v1/messages</c> front end). Passthrough bodies go through
/// <see cref="PassthroughRequestWriter"/> instead.
/// </summary>
public static class ChatRequestWriter
{
    /// <param name="model">The upstream model (null when the endpoint names it in the URI).</param>
    /// <param name="legacyMaxTokens">Send <c>max_tokens</c> (what most compatible servers know) instead of <c>max_completion_tokens</c>.</param>
    public static void ToOpenAiChatRequest(ChatRequest request, string? model, bool legacyMaxTokens, IBufferWriter<byte> output)
    {
        using var w = new Utf8JsonWriter(output, WireJson.WriterOptions);
        w.WriteStartObject();
        if (model is not null) w.WriteString("model"u8, model);
        w.WriteStartArray("messages"u8);
        foreach (var message in request.Messages) WriteMessage(w, message);
        w.WriteEndArray();
        if (request.MaxTokens is { } max) w.WriteNumber(legacyMaxTokens ? "max_tokens"u8 : "max_completion_tokens"u8, max);
        if (request.Temperature is { } t) w.WriteNumber("temperature"u8, t);
        if (request.TopP is { } p) w.WriteNumber("top_p"u8, p);
        if (request.Stop is { Count: > 0 } stop)
        {
            w.WriteStartArray("stop"u8);
            foreach (var s in stop) w.WriteStringValue(s);
            w.WriteEndArray();
        }

        ChatToolWriter.WriteTools(w, request);
        if (request.ResponseFormat is { } format) ChatToolWriter.WriteResponseFormat(w, format);
        if (request.ReasoningEffort is { } effort) w.WriteString("reasoning_effort"u8, effort);
        if (request.User is { } user) w.WriteString("user"u8, user);
        if (request.Stream)
        {
            w.WriteBoolean("stream"u8, true);
            // Always asked for: usage is what the call costs, whatever the caller wanted to see.
            w.WriteStartObject("stream_options"u8);
            w.WriteBoolean("include_usage"u8, true);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter w, ChatMessage message)
    {
        w.WriteStartObject();
        w.WriteString("role"u8, message.Role switch
        {
            ChatRole.System => "system"u8,
            ChatRole.Developer => "developer"u8,
            ChatRole.User => "user"u8,
            ChatRole.Assistant => "assistant"u8,
            _ => "tool"u8,
        });
        if (message.Name is { } name) w.WriteString("name"u8, name);
        if (message.Role == ChatRole.Tool) w.WriteString("tool_call_id"u8, message.ToolCallId);
        WriteContent(w, message);
        if (message.ToolCalls is { Count: > 0 } calls)
        {
            w.WriteStartArray("tool_calls"u8);
            foreach (var call in calls)
            {
                w.WriteStartObject();
                w.WriteString("id"u8, call.Id);
                w.WriteString("type"u8, "function"u8);
                w.WriteStartObject("function"u8);
                w.WriteString("name"u8, call.Name);
                w.WriteString("arguments"u8, call.ArgumentsJson);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void WriteContent(Utf8JsonWriter w, ChatMessage message)
    {
        var parts = message.Content;
        if (parts.Count == 0)
        {
            // An assistant turn that only calls tools has null content; every other role needs a string.
            if (message.Role == ChatRole.Assistant) w.WriteNull("content"u8);
            else w.WriteString("content"u8, ""u8);
            return;
        }

        if (parts.Count == 1 && parts[0] is TextPart only)
        {
            w.WriteString("content"u8, only.Text);
            return;
        }

        // Only user turns take image parts; other roles get their text parts (images there are not OpenAI's shape).
        w.WriteStartArray("content"u8);
        foreach (var part in parts)
        {
            switch (part)
            {
                case TextPart text:
                    w.WriteStartObject();
                    w.WriteString("type"u8, "text"u8);
                    w.WriteString("text"u8, text.Text);
                    w.WriteEndObject();
                    break;
                case ImagePart image when message.Role == ChatRole.User:
                    w.WriteStartObject();
                    w.WriteString("type"u8, "image_url"u8);
                    w.WriteStartObject("image_url"u8);
                    w.WriteString("url"u8, DataUrl(image));
                    w.WriteEndObject();
                    w.WriteEndObject();
                    break;
            }
        }

        w.WriteEndArray();
    }

    private static string DataUrl(ImagePart image) => "data:" + image.MediaType + ";base64," + Convert.ToBase64String(image.Data.Span);
}
