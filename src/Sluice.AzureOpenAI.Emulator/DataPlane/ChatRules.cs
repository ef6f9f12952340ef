using System.Text.Json.Nodes;

namespace Sluice.AzureOpenAI.Emulator.DataPlane;

/// <summary>The request checks of chat completions, with the messages and <c>param</c> paths Azure OpenAI answers with.</summary>
internal static class ChatRules
{
    private static readonly string[] Roles = ["system", "assistant", "user", "function", "tool", "developer"];
    private static readonly string[] PartTypes = ["text", "image_url", "input_audio", "refusal", "audio", "file"];

    /// <summary>The first problem of <paramref name="body"/> as (message, param, code), or null when it is valid.</summary>
    public static (string Message, string? Param, string? Code)? Check(JsonObject body)
    {
        if (body["messages"] is not JsonArray messages) return ("'messages' is a required property", null, null);
        if (messages.Count == 0) return ("[] is too short - 'messages'", null, null);
        if (body["stream"] is { } stream && stream.GetValueKind() is not (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False))
        {
            return ($"{stream.ToJsonString()} is not of type 'boolean' - 'stream'", null, null);
        }

        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i] is not JsonObject message) return ($"Invalid type for 'messages[{i}]': expected an object.", $"messages.[{i}]", "invalid_type");
            var role = (message["role"] as JsonValue)?.ToString();
            if (role is null) return ($"Missing required parameter: 'messages[{i}].role'.", $"messages.[{i}].role", "missing_required_parameter");
            if (Array.IndexOf(Roles, role) < 0) return ($"'{role}' is not one of ['system', 'assistant', 'user', 'function', 'tool', 'developer'] - 'messages.{i}.role'", null, null);
            if (role == "tool" && message["tool_call_id"] is null)
            {
                return ($"Missing required parameter: 'messages[{i}].tool_call_id'.", $"messages.[{i}].tool_call_id", "missing_required_parameter");
            }

            if (message["content"] is JsonArray parts)
            {
                for (var j = 0; j < parts.Count; j++)
                {
                    var type = (parts[j]?["type"] as JsonValue)?.ToString();
                    if (type is null || Array.IndexOf(PartTypes, type) < 0)
                    {
                        return ($"Invalid value: '{type}'. Supported values are: 'text', 'image_url', 'input_audio', 'refusal', 'audio', and 'file'.", $"messages[{i}].content[{j}].type", "invalid_value");
                    }

                    if (type == "image_url" && parts[j]?["image_url"]?["url"] is null)
                    {
                        return ($"Missing required parameter: 'messages[{i}].content[{j}].image_url.url'.", $"messages[{i}].content[{j}].image_url.url", "missing_required_parameter");
                    }
                }
            }
        }

        if (body["tools"] is JsonArray tools)
        {
            for (var i = 0; i < tools.Count; i++)
            {
                if ((tools[i]?["type"] as JsonValue)?.ToString() != "function")
                {
                    return ($"Missing required parameter: 'tools[{i}].type'.", $"tools[{i}].type", "missing_required_parameter");
                }

                if (tools[i]?["function"]?["name"] is null)
                {
                    return ($"Missing required parameter: 'tools[{i}].function.name'.", $"tools[{i}].function.name", "missing_required_parameter");
                }
            }
        }

        return null;
    }
}
