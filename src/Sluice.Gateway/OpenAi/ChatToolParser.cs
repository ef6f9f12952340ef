using Sluice.Core.Errors;
using System.Text.Json;
using Sluice.Core.Chat;
using static Sluice.Gateway.OpenAi.JsonRead;

namespace Sluice.Gateway.OpenAi;

/// <summary>Reads <c>tools</c>, <c>tool_choice</c> and <c>response_format</c>; schemas are kept as JSON elements.</summary>
internal static class ChatToolParser
{
    public static List<ToolDefinition>? ReadTools(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.StartArray) throw Type("tools", "an array of tool objects");
        var tools = new List<ToolDefinition>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var i = tools.Count;
            if (reader.TokenType != JsonTokenType.StartObject) throw Type($"tools[{i}]", "an object");
            string? type = null, name = null, description = null;
            JsonElement? parameters = null;
            bool? strict = null;
            CacheControl? cache = null;
            var sawFunction = false;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                if (reader.ValueTextEquals("cache_control"u8))
                {
                    Value(ref reader);
                    cache = CacheControlReader.Read(ref reader, $"tools[{i}].cache_control");
                }
                else if (reader.ValueTextEquals("type"u8))
                {
                    Value(ref reader);
                    if (!TryString(ref reader, out type)) throw Type($"tools[{i}].type", "a string");
                }
                else if (reader.ValueTextEquals("function"u8))
                {
                    Value(ref reader);
                    if (reader.TokenType != JsonTokenType.StartObject) throw Type($"tools[{i}].function", "an object");
                    sawFunction = true;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        if (reader.ValueTextEquals("name"u8))
                        {
                            Value(ref reader);
                            if (!TryString(ref reader, out name)) throw Type($"tools[{i}].function.name", "a string");
                        }
                        else if (reader.ValueTextEquals("description"u8))
                        {
                            Value(ref reader);
                            if (!TryOptionalString(ref reader, out description)) throw Type($"tools[{i}].function.description", "a string");
                        }
                        else if (reader.ValueTextEquals("parameters"u8))
                        {
                            Value(ref reader);
                            if (reader.TokenType == JsonTokenType.Null) continue;
                            if (reader.TokenType != JsonTokenType.StartObject) throw Type($"tools[{i}].function.parameters", "a JSON Schema object");
                            parameters = JsonElement.ParseValue(ref reader);
                        }
                        else if (reader.ValueTextEquals("cache_control"u8))
                        {
                            // Some clients put the marker inside the function object; it means the same.
                            Value(ref reader);
                            cache = CacheControlReader.Read(ref reader, $"tools[{i}].function.cache_control") ?? cache;
                        }
                        else if (reader.ValueTextEquals("strict"u8))
                        {
                            Value(ref reader);
                            strict = reader.TokenType switch
                            {
                                JsonTokenType.True => true,
                                JsonTokenType.False => false,
                                JsonTokenType.Null => null,
                                _ => throw Type($"tools[{i}].function.strict", "a boolean"),
                            };
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

            if (type != "function")
                throw Invalid($"tools[{i}].type", type is null ? "Every tool needs \"type\": \"function\"." : $"Tools of type '{CallerText.Quote(type)}' are not supported; only 'function' tools are.");
            if (!sawFunction || string.IsNullOrEmpty(name))
                throw Invalid($"tools[{i}].function.name", "Every tool needs 'function.name'.", "missing_required_parameter");
            tools.Add(new ToolDefinition(name, description, parameters, strict) { CacheControl = cache });
        }

        return tools;
    }

    public static ToolChoice? ReadToolChoice(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType == JsonTokenType.String)
        {
            if (reader.ValueTextEquals("auto"u8)) return ToolChoice.Auto;
            if (reader.ValueTextEquals("none"u8)) return ToolChoice.None;
            if (reader.ValueTextEquals("required"u8)) return ToolChoice.Required;
            throw Invalid("tool_choice", $"'{CallerText.Quote(reader.GetString())}' is not a valid tool_choice; use auto, none, required or {{\"type\":\"function\",\"function\":{{\"name\":...}}}}.");
        }

        if (reader.TokenType != JsonTokenType.StartObject) throw Type("tool_choice", "a string or an object");
        string? type = null, name = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                Value(ref reader);
                type = String(ref reader, "tool_choice.type");
            }
            else if (reader.ValueTextEquals("function"u8))
            {
                Value(ref reader);
                ExpectObject(ref reader, "tool_choice.function");
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    if (reader.ValueTextEquals("name"u8))
                    {
                        Value(ref reader);
                        name = String(ref reader, "tool_choice.function.name");
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

        if (type != "function") throw Invalid("tool_choice.type", "An object tool_choice must have \"type\": \"function\".");
        if (string.IsNullOrEmpty(name)) throw Invalid("tool_choice.function.name", "'tool_choice.function.name' is required.", "missing_required_parameter");
        return ToolChoice.Function(name);
    }

    public static ResponseFormat? ReadResponseFormat(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        ExpectObject(ref reader, "response_format");
        string? type = null, name = null, description = null;
        JsonElement? schema = null;
        bool? strict = null;
        var sawJsonSchema = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                Value(ref reader);
                type = String(ref reader, "response_format.type");
            }
            else if (reader.ValueTextEquals("json_schema"u8))
            {
                Value(ref reader);
                if (reader.TokenType == JsonTokenType.Null) continue;
                ExpectObject(ref reader, "response_format.json_schema");
                sawJsonSchema = true;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    if (reader.ValueTextEquals("name"u8)) { Value(ref reader); name = String(ref reader, "response_format.json_schema.name"); }
                    else if (reader.ValueTextEquals("description"u8)) { Value(ref reader); description = OptionalString(ref reader, "response_format.json_schema.description"); }
                    else if (reader.ValueTextEquals("strict"u8)) { Value(ref reader); strict = OptionalBool(ref reader, "response_format.json_schema.strict"); }
                    else if (reader.ValueTextEquals("schema"u8))
                    {
                        Value(ref reader);
                        if (reader.TokenType == JsonTokenType.Null) continue;
                        ExpectObject(ref reader, "response_format.json_schema.schema");
                        schema = JsonElement.ParseValue(ref reader);
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

        switch (type)
        {
            case "text":
                return new ResponseFormat(ResponseFormatKind.Text);
            case "json_object":
                return new ResponseFormat(ResponseFormatKind.JsonObject);
            case "json_schema":
                if (!sawJsonSchema) throw Invalid("response_format.json_schema", "'response_format.json_schema' is required when type is json_schema.", "missing_required_parameter");
                if (string.IsNullOrEmpty(name)) throw Invalid("response_format.json_schema.name", "'response_format.json_schema.name' is required.", "missing_required_parameter");
                return new ResponseFormat(ResponseFormatKind.JsonSchema, name, schema, description, strict);
            case null:
                throw Invalid("response_format.type", "'response_format.type' is required (text, json_object or json_schema).", "missing_required_parameter");
            default:
                throw Invalid("response_format.type", $"'{CallerText.Quote(type)}' is not a valid response_format type; use text, json_object or json_schema.");
        }
    }
}
