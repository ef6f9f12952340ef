using System.Text.Json;
using Sluice.Core.Chat;

namespace Sluice.Bedrock.Converse;

/// <summary>How the request's tools and tool_choice become Converse's toolConfig.</summary>
internal enum ToolConfigMode
{
    /// <summary>No toolConfig at all.</summary>
    Omit,

    /// <summary>The request's tools, with the request's choice.</summary>
    RequestTools,

    /// <summary>
    /// No callable tools were asked for (none sent, or <c>tool_choice: none</c>), but the history holds tool use, which
    /// Bedrock refuses without a toolConfig: declare only minimal specs for the names in the history, and no choice.
    /// Converse has no "none" choice, so offering the request's tools here would let the model call them anyway.
    /// </summary>
    HistoryOnly,
}

/// <summary>Writes toolConfig, including the <c>tool_choice: none</c> and tool-history cases Bedrock makes awkward.</summary>
internal static class ConverseToolConfig
{
    private static readonly byte[] EmptyObjectSchema = """{"type":"object","properties":{}}"""u8.ToArray();

    public static ToolConfigMode Plan(ChatRequest request, ConverseOptions options, HistoryFacts history)
    {
        var hasTools = request.Tools is { Count: > 0 };
        var choice = request.ToolChoice;
        if (choice is { Kind: ToolChoiceKind.None })
        {
            return history.HasToolUse ? ToolConfigMode.HistoryOnly : ToolConfigMode.Omit;
        }

        if (!hasTools)
        {
            if (choice is { Kind: ToolChoiceKind.Required or ToolChoiceKind.Function })
            {
                throw RequestErrors.Invalid("tool_choice requires tools: the request defines none.", "tool_choice");
            }

            return history.HasToolUse ? ToolConfigMode.HistoryOnly : ToolConfigMode.Omit;
        }

        if (!options.Capabilities.Tools)
        {
            throw RequestErrors.Invalid($"Model {options.ModelId} does not support tool calling; remove tools.", "tools");
        }

        if (choice is { Kind: ToolChoiceKind.Function, FunctionName: var name } && !HasTool(request.Tools!, name))
        {
            throw RequestErrors.Invalid($"tool_choice names function '{name}', which is not in tools.", "tool_choice");
        }

        return ToolConfigMode.RequestTools;
    }

    public static void Write(Utf8JsonWriter writer, ChatRequest request, ToolConfigMode mode, HistoryFacts history)
    {
        if (mode == ToolConfigMode.Omit)
        {
            return;
        }

        writer.WritePropertyName("toolConfig"u8);
        writer.WriteStartObject();
        writer.WritePropertyName("tools"u8);
        writer.WriteStartArray();
        if (mode == ToolConfigMode.RequestTools && request.Tools is { Count: > 0 } tools)
        {
            for (var i = 0; i < tools.Count; i++)
            {
                WriteSpec(writer, tools[i].Name, tools[i].Description, tools[i].Parameters);
            }
        }
        else
        {
            foreach (var name in history.ToolNames)
            {
                WriteSpec(writer, name, null, null);
            }
        }

        writer.WriteEndArray();
        if (mode == ToolConfigMode.RequestTools && request.ToolChoice is { } choice)
        {
            writer.WritePropertyName("toolChoice"u8);
            writer.WriteStartObject();
            switch (choice.Kind)
            {
                case ToolChoiceKind.Required:
                    writer.WritePropertyName("any"u8);
                    writer.WriteStartObject();
                    writer.WriteEndObject();
                    break;
                case ToolChoiceKind.Function:
                    writer.WritePropertyName("tool"u8);
                    writer.WriteStartObject();
                    writer.WriteString("name"u8, choice.FunctionName);
                    writer.WriteEndObject();
                    break;
                default:
                    writer.WritePropertyName("auto"u8);
                    writer.WriteStartObject();
                    writer.WriteEndObject();
                    break;
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteSpec(Utf8JsonWriter writer, string name, string? description, JsonElement? parameters)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("toolSpec"u8);
        writer.WriteStartObject();
        writer.WriteString("name"u8, name);
        if (!string.IsNullOrEmpty(description))
        {
            writer.WriteString("description"u8, description);
        }

        writer.WritePropertyName("inputSchema"u8);
        writer.WriteStartObject();
        writer.WritePropertyName("json"u8);
        if (parameters is { ValueKind: JsonValueKind.Object } schema)
        {
            schema.WriteTo(writer);
        }
        else
        {
            writer.WriteRawValue(EmptyObjectSchema, skipInputValidation: true);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static bool HasTool(List<ToolDefinition> tools, string? name)
    {
        foreach (var t in tools)
        {
            if (string.Equals(t.Name, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
