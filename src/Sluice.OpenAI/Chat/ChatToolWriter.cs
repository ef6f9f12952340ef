using System.Text.Json;
using Sluice.Core.Chat;

namespace Sluice.OpenAI.Chat;

/// <summary>Writes Core's tools, tool choice and response format in OpenAI's chat shape.</summary>
internal static class ChatToolWriter
{
    public static void WriteTools(Utf8JsonWriter w, ChatRequest request)
    {
        if (request.Tools is { Count: > 0 } tools)
        {
            w.WriteStartArray("tools"u8);
            foreach (var tool in tools)
            {
                w.WriteStartObject();
                w.WriteString("type"u8, "function"u8);
                w.WriteStartObject("function"u8);
                w.WriteString("name"u8, tool.Name);
                if (tool.Description is { } d) w.WriteString("description"u8, d);
                if (tool.Parameters is { } schema)
                {
                    w.WritePropertyName("parameters"u8);
                    schema.WriteTo(w);
                }

                if (tool.Strict is { } strict) w.WriteBoolean("strict"u8, strict);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (request.ToolChoice is { } choice)
        {
            switch (choice.Kind)
            {
                case ToolChoiceKind.Auto: w.WriteString("tool_choice"u8, "auto"u8); break;
                case ToolChoiceKind.None: w.WriteString("tool_choice"u8, "none"u8); break;
                case ToolChoiceKind.Required: w.WriteString("tool_choice"u8, "required"u8); break;
                default:
                    w.WriteStartObject("tool_choice"u8);
                    w.WriteString("type"u8, "function"u8);
                    w.WriteStartObject("function"u8);
                    w.WriteString("name"u8, choice.FunctionName);
                    w.WriteEndObject();
                    w.WriteEndObject();
                    break;
            }
        }

        if (request.ParallelToolCalls is { } parallel && request.Tools is { Count: > 0 }) w.WriteBoolean("parallel_tool_calls"u8, parallel);
    }

    public static void WriteResponseFormat(Utf8JsonWriter w, ResponseFormat format)
    {
        w.WriteStartObject("response_format"u8);
        switch (format.Kind)
        {
            case ResponseFormatKind.Text: w.WriteString("type"u8, "text"u8); break;
            case ResponseFormatKind.JsonObject: w.WriteString("type"u8, "json_object"u8); break;
            default:
                w.WriteString("type"u8, "json_schema"u8);
                w.WriteStartObject("json_schema"u8);
                w.WriteString("name"u8, format.SchemaName ?? "response");
                if (format.Description is { } d) w.WriteString("description"u8, d);
                if (format.Schema is { } schema)
                {
                    w.WritePropertyName("schema"u8);
                    schema.WriteTo(w);
                }

                if (format.Strict is { } strict) w.WriteBoolean("strict"u8, strict);
                w.WriteEndObject();
                break;
        }

        w.WriteEndObject();
    }
}
