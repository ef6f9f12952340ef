using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sluice.OpenAI.Emulator.Errors;

namespace Sluice.OpenAI.Emulator.Routes;

/// <summary>
/// Checks a chat completions body as OpenAI does: unknown parameters, types and ranges, message roles and shapes,
/// tool turns that answer no call, and the parameters reasoning models refuse. Writes the first error; false then.
/// </summary>
internal static class ChatValidator
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "model", "messages", "audio", "frequency_penalty", "function_call", "functions", "logit_bias", "logprobs", "max_completion_tokens",
        "max_tokens", "metadata", "modalities", "n", "parallel_tool_calls", "prediction", "presence_penalty", "prompt_cache_key",
        "reasoning_effort", "response_format", "safety_identifier", "seed", "service_tier", "stop", "store", "stream", "stream_options",
        "temperature", "tool_choice", "tools", "top_logprobs", "top_p", "user", "verbosity", "web_search_options",
    };

    private static readonly HashSet<string> Roles = new(StringComparer.Ordinal) { "system", "developer", "user", "assistant", "tool", "function" };

    public static async Task<bool> ValidAsync(HttpContext ctx, JsonObject body, EmulatedModel model)
    {
        foreach (var (name, _) in body)
        {
            if (!Known.Contains(name))
            {
                await OpenAiErrors.UnknownParameterAsync(ctx, name);
                return false;
            }
        }

        if (!body.TryGetPropertyValue("messages", out var messagesNode) || messagesNode is null)
        {
            await OpenAiErrors.MissingAsync(ctx, "messages");
            return false;
        }

        if (messagesNode is not JsonArray messages)
        {
            await OpenAiErrors.InvalidTypeAsync(ctx, "messages", "an array");
            return false;
        }

        if (messages.Count == 0)
        {
            await OpenAiErrors.WriteAsync(ctx, 400, "[] is too short - 'messages'", param: "messages", code: "empty_array");
            return false;
        }

        if (await MessagesProblemAsync(ctx, messages)) return false;
        if (!await RangeAsync(ctx, body, "temperature", 0, 2) || !await RangeAsync(ctx, body, "top_p", 0, 1)
            || !await RangeAsync(ctx, body, "presence_penalty", -2, 2) || !await RangeAsync(ctx, body, "frequency_penalty", -2, 2)
            || !await RangeAsync(ctx, body, "n", 1, 128, integer: true) || !await RangeAsync(ctx, body, "top_logprobs", 0, 20, integer: true)
            || !await RangeAsync(ctx, body, "max_tokens", 1, 1_000_000, integer: true) || !await RangeAsync(ctx, body, "max_completion_tokens", 1, 1_000_000, integer: true))
        {
            return false;
        }

        var stream = body["stream"] is JsonValue s && s.GetValueKind() == JsonValueKind.True;
        if (body["stream_options"] is not null && !stream)
        {
            await OpenAiErrors.InvalidValueAsync(ctx, "stream_options", "The 'stream_options' parameter is only allowed when 'stream' is enabled.");
            return false;
        }

        if (body["top_logprobs"] is not null && !(body["logprobs"] is JsonValue l && l.GetValueKind() == JsonValueKind.True))
        {
            await OpenAiErrors.InvalidValueAsync(ctx, "top_logprobs", "Invalid value for 'top_logprobs': 'logprobs' must be set to true when 'top_logprobs' is used.");
            return false;
        }

        if (body["tool_choice"] is not null && body["tools"] is not JsonArray { Count: > 0 })
        {
            await OpenAiErrors.InvalidValueAsync(ctx, "tool_choice", "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.");
            return false;
        }

        if (body["tools"] is JsonArray tools)
        {
            for (var i = 0; i < tools.Count; i++)
            {
                if (tools[i]?["function"]?["name"] is not JsonValue)
                {
                    await OpenAiErrors.MissingAsync(ctx, $"tools[{i}].function.name");
                    return false;
                }
            }
        }

        if (body["response_format"] is JsonObject format && format["type"]?.GetValue<string>() is not ("text" or "json_object" or "json_schema"))
        {
            await OpenAiErrors.InvalidValueAsync(ctx, "response_format.type", "Invalid value for 'response_format.type': expected one of 'text', 'json_object' or 'json_schema'.");
            return false;
        }

        if (body["response_format"] is JsonObject { } json && json["type"]?.GetValue<string>() == "json_object"
            && !body["messages"]!.ToJsonString().Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            await OpenAiErrors.InvalidValueAsync(ctx, "messages",
                "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.");
            return false;
        }

        if (model.Id.StartsWith('o'))
        {
            // Reasoning models refuse the older limit and sampling settings.
            if (body["max_tokens"] is not null)
            {
                await OpenAiErrors.WriteAsync(ctx, 400, "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
                    param: "max_tokens", code: "unsupported_parameter");
                return false;
            }

            if (body["temperature"] is JsonValue t && t.GetValue<double>() != 1)
            {
                await OpenAiErrors.WriteAsync(ctx, 400, "Unsupported value: 'temperature' does not support 0.2 with this model. Only the default (1) value is supported.",
                    param: "temperature", code: "unsupported_value");
                return false;
            }
        }

        return true;
    }

    private static async Task<bool> MessagesProblemAsync(HttpContext ctx, JsonArray messages)
    {
        var callIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i] is not JsonObject m)
            {
                await OpenAiErrors.InvalidTypeAsync(ctx, $"messages[{i}]", "an object");
                return true;
            }

            var role = m["role"] is JsonValue r && r.GetValueKind() == JsonValueKind.String ? r.GetValue<string>() : null;
            if (role is null || !Roles.Contains(role))
            {
                await OpenAiErrors.InvalidValueAsync(ctx, $"messages[{i}].role",
                    $"Invalid value: '{role}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.");
                return true;
            }

            if (role == "tool")
            {
                var id = m["tool_call_id"]?.GetValue<string>();
                if (id is null)
                {
                    await OpenAiErrors.MissingAsync(ctx, $"messages[{i}].tool_call_id");
                    return true;
                }

                if (!callIds.Contains(id))
                {
                    await OpenAiErrors.WriteAsync(ctx, 400, "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
                        param: $"messages.[{i}].role");
                    return true;
                }
            }

            if (m["tool_calls"] is JsonArray calls)
            {
                foreach (var call in calls)
                {
                    if (call?["id"]?.GetValue<string>() is { } id) callIds.Add(id);
                }
            }

            if (m["content"] is JsonArray parts && await PartsProblemAsync(ctx, parts, role, i)) return true;
            if (m["content"] is null && !(role == "assistant" && m["tool_calls"] is JsonArray))
            {
                await OpenAiErrors.MissingAsync(ctx, $"messages[{i}].content");
                return true;
            }
        }

        return false;
    }

    private static async Task<bool> PartsProblemAsync(HttpContext ctx, JsonArray parts, string role, int i)
    {
        for (var k = 0; k < parts.Count; k++)
        {
            var type = parts[k]?["type"]?.GetValue<string>();
            var allowed = role == "user" ? type is "text" or "image_url" or "input_audio" or "file" : type is "text" or "refusal";
            if (!allowed)
            {
                await OpenAiErrors.InvalidValueAsync(ctx, $"messages[{i}].content[{k}].type",
                    $"Invalid value: '{type}'. Supported values are: 'text'{(role == "user" ? ", 'image_url', 'input_audio', and 'file'" : "")}.");
                return true;
            }

            if (type == "image_url")
            {
                var url = parts[k]?["image_url"]?["url"]?.GetValue<string>() ?? "";
                if (!url.StartsWith("https://", StringComparison.Ordinal) && !url.StartsWith("http://", StringComparison.Ordinal)
                    && !url.StartsWith("data:image/", StringComparison.Ordinal))
                {
                    await OpenAiErrors.WriteAsync(ctx, 400, "Invalid image URL: the URL must be an http(s) URL or a base64 data URL of an image.",
                        param: $"messages[{i}].content[{k}].image_url.url", code: "invalid_image_url");
                    return true;
                }
            }
        }

        return false;
    }

    private static async Task<bool> RangeAsync(HttpContext ctx, JsonObject body, string name, double min, double max, bool integer = false)
    {
        if (body[name] is not JsonValue v) return true;
        var kind = v.GetValueKind();
        if (kind != JsonValueKind.Number || (integer && !v.TryGetValue<int>(out _) && !v.TryGetValue<long>(out _)))
        {
            await OpenAiErrors.InvalidTypeAsync(ctx, name, integer ? "an integer" : "a number");
            return false;
        }

        var value = v.GetValue<double>();
        if (value < min || value > max)
        {
            await OpenAiErrors.InvalidValueAsync(ctx, name, value < min
                ? $"Invalid '{name}': decimal below minimum value. Expected a value >= {min}, but got {value} instead."
                : $"Invalid '{name}': decimal above maximum value. Expected a value <= {max}, but got {value} instead.");
            return false;
        }

        return true;
    }
}
