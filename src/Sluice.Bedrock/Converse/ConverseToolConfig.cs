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

    /// <summary>
    /// Whether <c>parallel_tool_calls: false</c> is to be sent as Anthropic's <c>disable_parallel_tool_use</c>. It
    /// matters only when the model is offered tools; on models without that switch it is refused, or dropped (and
    /// recorded) when the request allows dropping.
    /// </summary>
    public static bool PlanSingleToolUse(ChatRequest request, ConverseOptions options, ToolConfigMode mode)
    {
        if (request.ParallelToolCalls != false || mode != ToolConfigMode.RequestTools)
        {
            return false;
        }

        if (options.Capabilities.DisableParallelToolUse)
        {
            return true;
        }

        if (request.DropUnsupported)
        {
            request.Drop("parallel_tool_calls");
            return false;
        }

        throw RequestErrors.Unsupported(
            $"parallel_tool_calls: false cannot be honoured by {options.ModelId}: on Bedrock only Anthropic Claude models can be limited to one tool call per turn. " +
            "Remove parallel_tool_calls, or turn on drop_params to have it dropped.", "parallel_tool_calls");
    }

    /// <summary>
    /// Anthropic's own <c>tool_choice</c> for <c>additionalModelRequestFields</c>, mirroring the Converse choice and
    /// adding <c>disable_parallel_tool_use</c>; Anthropic requires its <c>type</c>.
    /// </summary>
    public static void WriteAnthropicToolChoice(Utf8JsonWriter writer, ToolChoice? choice)
    {
        writer.WritePropertyName("tool_choice"u8);
        writer.WriteStartObject();
        var c = choice ?? ToolChoice.Auto;
        switch (c.Kind)
        {
            case ToolChoiceKind.Required:
                writer.WriteString("type"u8, "any"u8);
                break;
            case ToolChoiceKind.Function:
                writer.WriteString("type"u8, "tool"u8);
                writer.WriteString("name"u8, c.FunctionName);
                break;
            default:
                writer.WriteString("type"u8, "auto"u8);
                break;
        }

        writer.WriteBoolean("disable_parallel_tool_use"u8, true);
        writer.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter writer, ChatRequest request, ToolConfigMode mode, HistoryFacts history, ConverseCachePlan cache)
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
                cache.WriteIfAt(writer, CacheSection.Tools, i, -1);
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
