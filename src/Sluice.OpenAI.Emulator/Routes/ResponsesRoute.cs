using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sluice.OpenAI.Emulator.Errors;

namespace Sluice.OpenAI.Emulator.Routes;

/// <summary>
/// <c>POST /v1/responses</c>: echoes the last user input as one <c>output_text</c>; streamed as OpenAI's typed
/// events (<c>response.created</c>, <c>response.output_text.delta</c>..., <c>response.completed</c> with usage).
/// </summary>
internal static class ResponsesRoute
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "model", "input", "instructions", "stream", "stream_options", "max_output_tokens", "temperature", "top_p", "tools", "tool_choice", "parallel_tool_calls",
        "previous_response_id", "reasoning", "store", "metadata", "text", "truncation", "user", "include", "background", "service_tier", "prompt_cache_key",
        "safety_identifier", "top_logprobs", "conversation", "max_tool_calls", "prompt",
    };

    public static async Task HandleAsync(HttpContext ctx, EmulatorState state, JsonObject body)
    {
        foreach (var (name, _) in body)
        {
            if (!Known.Contains(name))
            {
                await OpenAiErrors.WriteAsync(ctx, 400, $"Unknown parameter: '{name}'.", param: name, code: "unknown_parameter");
                return;
            }
        }

        if (await Call.ModelAsync(ctx, state, body, EmulatedModelKind.Chat, "responses") is not { } model) return;
        string text;
        switch (body["input"])
        {
            case null:
                await OpenAiErrors.MissingAsync(ctx, "input");
                return;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                text = v.GetValue<string>();
                break;
            case JsonArray items when items.Count > 0:
                text = ChatAnswer.TextOf(items[^1]?["content"]);
                break;
            default:
                await OpenAiErrors.InvalidValueAsync(ctx, "input", "Invalid value for 'input': expected a string or a non-empty array of input items.");
                return;
        }

        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var input = Call.Words(text) + Call.Words(body["instructions"]?.GetValue<string>() ?? "") + 3;
        var id = "resp_" + Guid.NewGuid().ToString("N");
        var itemId = "msg_" + Guid.NewGuid().ToString("N");
        var served = model.Id + "-2025-01-01";
        var usage = new JsonObject
        {
            ["input_tokens"] = input,
            ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = 0 },
            ["output_tokens"] = words.Length,
            ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0 },
            ["total_tokens"] = input + words.Length,
        };
        JsonObject Response(string status, bool done) => new()
        {
            ["id"] = id,
            ["object"] = "response",
            ["created_at"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["status"] = status,
            ["model"] = served,
            ["output"] = done
                ? new JsonArray(new JsonObject
                {
                    ["type"] = "message", ["id"] = itemId, ["status"] = "completed", ["role"] = "assistant",
                    ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = string.Join(' ', words), ["annotations"] = new JsonArray() }),
                })
                : new JsonArray(),
            ["usage"] = done ? usage.DeepClone() : null,
        };

        if (body["stream"] is not JsonValue s || s.GetValueKind() != JsonValueKind.True)
        {
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(Response("completed", true).ToJsonString());
            return;
        }

        var fault = ctx.Items.TryGetValue(Call.MidStreamKey, out var f) ? (EmulatorFault)f! : null;
        ctx.Response.ContentType = "text/event-stream; charset=utf-8";
        var sequence = 0;
        async Task Send(string type, JsonObject data)
        {
            data["type"] = type;
            data["sequence_number"] = sequence++;
            await ctx.Response.WriteAsync($"event: {type}\ndata: {data.ToJsonString()}\n\n");
            await ctx.Response.Body.FlushAsync();
        }

        await Send("response.created", new JsonObject { ["response"] = Response("in_progress", false) });
        for (var w = 0; w < words.Length; w++)
        {
            await Send("response.output_text.delta", new JsonObject
            {
                ["item_id"] = itemId, ["output_index"] = 0, ["content_index"] = 0, ["delta"] = w == 0 ? words[w] : " " + words[w],
            });
            if (fault is not null)
            {
                await Send("error", new JsonObject { ["code"] = fault.Code ?? fault.Type, ["message"] = fault.Message, ["param"] = null });
                return;
            }
        }

        await Send("response.completed", new JsonObject { ["response"] = Response("completed", true) });
    }
}
