using System.Text.Json.Nodes;
using Sluice.Core.Chat;
using Sluice.Core.Errors;
using static Sluice.Anthropic.Translation.JsonFields;

namespace Sluice.Anthropic.Translation;

/// <summary>Reads <c>tools</c>, <c>tool_choice</c> and the structured-output settings of a Messages request.</summary>
internal static class MessagesToolReader
{
    public static List<ToolDefinition>? ReadTools(JsonNode? value, string model)
    {
        if (value is null) return null;
        var array = Array(value, "tools");
        var tools = new List<ToolDefinition>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var param = $"tools[{i}]";
            var tool = Object(array[i], param);
            string? name = null, description = null;
            JsonNode? schema = null;
            bool? strict = null;
            CacheControl? cache = null;
            foreach (var (key, v) in tool)
            {
                switch (key)
                {
                    case "name": name = String(v, $"{param}.name"); break;
                    case "description": description = OptionalString(v, $"{param}.description"); break;
                    case "input_schema": schema = Object(v, $"{param}.input_schema"); break;
                    case "strict": strict = OptionalBool(v, $"{param}.strict"); break;
                    case "cache_control": cache = MessagesContentReader.ReadCacheControl(v, $"{param}.cache_control"); break;
                    case "type":
                        var type = String(v, $"{param}.type");
                        // Server tools (web search, code execution...) and Anthropic-defined client tools (bash,
                        // text editor, computer) run or are defined by Anthropic's side: a chat model has neither.
                        if (type != "custom") throw TranslationErrors.NotTranslatable(model, $"{param}.type", $"the tool type '{CallerText.Quote(type)}'");
                        break;
                    default:
                        if (v is not null) throw TranslationErrors.NotTranslatable(model, $"{param}.{CallerText.Quote(key)}", $"the tool field '{CallerText.Quote(key)}'");
                        break;
                }
            }

            if (string.IsNullOrEmpty(name)) throw TranslationErrors.Required($"{param}.name");
            if (schema is null) throw TranslationErrors.Required($"{param}.input_schema");
            tools.Add(new ToolDefinition(name, description, Element(schema), strict) { CacheControl = cache });
        }

        return tools.Count == 0 ? null : tools;
    }

    /// <summary>The choice, and <c>parallel_tool_calls</c> as <c>!disable_parallel_tool_use</c> when set.</summary>
    public static (ToolChoice? Choice, bool? Parallel) ReadToolChoice(JsonNode? value)
    {
        if (value is null) return (null, null);
        var obj = Object(value, "tool_choice");
        var type = RequiredString(obj, "type", "tool_choice");
        bool? disableParallel = null;
        string? name = null;
        foreach (var (key, v) in obj)
        {
            switch (key)
            {
                case "type": break;
                case "name": name = OptionalString(v, "tool_choice.name"); break;
                case "disable_parallel_tool_use": disableParallel = OptionalBool(v, "tool_choice.disable_parallel_tool_use"); break;
                default:
                    if (v is not null) throw TranslationErrors.Invalid($"tool_choice.{CallerText.Quote(key)}", "is not a tool_choice field.");
                    break;
            }
        }

        ToolChoice choice = type switch
        {
            "auto" => ToolChoice.Auto,
            "any" => ToolChoice.Required,
            "none" => ToolChoice.None,
            "tool" => ToolChoice.Function(name ?? throw TranslationErrors.Required("tool_choice.name")),
            _ => throw TranslationErrors.Invalid("tool_choice.type", $"'{CallerText.Quote(type)}' is not a tool_choice type; use auto, any, tool or none."),
        };
        return (choice, disableParallel is { } d ? !d : null);
    }

    /// <summary><c>output_format</c> (or <c>output_config.format</c>): <c>{"type": "json_schema", "schema": {...}}</c>.</summary>
    public static ResponseFormat? ReadOutputFormat(JsonNode? value, string param)
    {
        if (value is null) return null;
        var obj = Object(value, param);
        var type = RequiredString(obj, "type", param);
        if (type != "json_schema") throw TranslationErrors.Invalid($"{param}.type", $"'{CallerText.Quote(type)}' is not an output format type; use json_schema.");
        if (!obj.TryGetPropertyValue("schema", out var schema) || schema is null) throw TranslationErrors.Required($"{param}.schema");
        return new ResponseFormat(ResponseFormatKind.JsonSchema, "response", Element(Object(schema, $"{param}.schema")), Strict: true);
    }

    public static ResponseFormat? ReadOutputConfig(JsonNode? value, string model)
    {
        if (value is null) return null;
        ResponseFormat? format = null;
        foreach (var (key, v) in Object(value, "output_config"))
        {
            if (key == "format") format = ReadOutputFormat(v, "output_config.format");
            else if (v is not null) throw TranslationErrors.NotTranslatable(model, $"output_config.{CallerText.Quote(key)}", $"'output_config.{CallerText.Quote(key)}'");
        }

        return format;
    }
}
