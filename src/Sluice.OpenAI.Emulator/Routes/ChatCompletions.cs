using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Sluice.OpenAI.Emulator.Routes;

/// <summary><c>POST /v1/chat/completions</c>: validated like OpenAI, answered by <see cref="ChatAnswer"/>, streamed as OpenAI frames SSE.</summary>
internal static class ChatCompletions
{
    public static async Task HandleAsync(HttpContext ctx, EmulatorState state, JsonObject body)
    {
        if (await Call.ModelAsync(ctx, state, body, EmulatedModelKind.Chat, "chat/completions") is not { } model) return;
        if (!await ChatValidator.ValidAsync(ctx, body, model)) return;
        var answer = ChatAnswer.For(body, model);
        var n = body["n"]?.GetValue<int>() ?? 1;
        var logprobs = body["logprobs"] is JsonValue l && l.GetValueKind() == JsonValueKind.True;
        var topLogprobs = body["top_logprobs"]?.GetValue<int>() ?? 0;
        var limit = (body["max_completion_tokens"] ?? body["max_tokens"])?.GetValue<int>();
        var words = answer.Text is null ? [] : answer.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var finish = answer.ToolName is not null ? "tool_calls" : "stop";
        if (limit is { } max && words.Length > max)
        {
            words = words[..max];
            finish = "length";
        }

        var id = "chatcmpl-" + Guid.NewGuid().ToString("N")[..24];
        var served = model.Id + "-2025-01-01";
        var completion = (answer.ToolName is null ? words.Length : Call.Words(answer.ToolArguments!)) + answer.ReasoningTokens;
        var usage = Usage(answer.PromptTokens, completion * n, answer.ReasoningTokens * n);
        if (body["stream"] is JsonValue s && s.GetValueKind() == JsonValueKind.True)
        {
            var includeUsage = body["stream_options"]?["include_usage"] is JsonValue u && u.GetValueKind() == JsonValueKind.True && !state.Options.OmitStreamUsage;
            await StreamAsync(ctx, id, served, n, words, answer, finish, logprobs, includeUsage ? usage : null);
            return;
        }

        var choices = new JsonArray();
        for (var i = 0; i < n; i++)
        {
            var message = new JsonObject { ["role"] = "assistant", ["content"] = answer.ToolName is null ? string.Join(' ', words) : null, ["refusal"] = null, ["annotations"] = new JsonArray() };
            if (answer.ToolName is not null) message["tool_calls"] = new JsonArray(ToolCall(answer, i, withName: true, answer.ToolArguments!));
            choices.Add(new JsonObject
            {
                ["index"] = i,
                ["message"] = message,
                ["logprobs"] = logprobs ? Logprobs(words, topLogprobs) : null,
                ["finish_reason"] = finish,
            });
        }

        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(new JsonObject
        {
            ["id"] = id,
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = served,
            ["choices"] = choices,
            ["usage"] = usage,
            ["service_tier"] = "default",
            ["system_fingerprint"] = "fp_emulator",
        }.ToJsonString());
    }

    private static async Task StreamAsync(HttpContext ctx, string id, string served, int n, string[] words, ChatAnswer answer, string finish, bool logprobs,
        JsonObject? usage)
    {
        var response = ctx.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        var fault = ctx.Items.TryGetValue(Call.MidStreamKey, out var f) ? (EmulatorFault)f! : null;
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        async Task Send(JsonObject chunk)
        {
            await response.WriteAsync("data: " + chunk.ToJsonString() + "\n\n");
            await response.Body.FlushAsync();
        }

        JsonObject Chunk(int index, JsonObject delta, string? finishReason, JsonNode? lp = null)
        {
            var chunk = new JsonObject
            {
                ["id"] = id,
                ["object"] = "chat.completion.chunk",
                ["created"] = created,
                ["model"] = served,
                ["service_tier"] = "default",
                ["system_fingerprint"] = "fp_emulator",
                ["choices"] = new JsonArray(new JsonObject { ["index"] = index, ["delta"] = delta, ["logprobs"] = lp, ["finish_reason"] = finishReason }),
            };
            if (usage is not null) chunk["usage"] = null; // with include_usage, every chunk but the last carries usage: null
            return chunk;
        }

        for (var i = 0; i < n; i++)
        {
            await Send(Chunk(i, new JsonObject { ["role"] = "assistant", ["content"] = "", ["refusal"] = null }, null));
            if (answer.ToolName is not null)
            {
                await Send(Chunk(i, new JsonObject { ["tool_calls"] = new JsonArray(ToolCall(answer, i, withName: true, "")) }, null));
                var args = answer.ToolArguments!;
                var half = args.Length / 2;
                foreach (var piece in new[] { args[..half], args[half..] })
                {
                    await Send(Chunk(i, new JsonObject { ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = 0, ["function"] = new JsonObject { ["arguments"] = piece } }) }, null));
                }
            }

            for (var w = 0; w < words.Length; w++)
            {
                var text = w == 0 ? words[w] : " " + words[w];
                await Send(Chunk(i, new JsonObject { ["content"] = text }, null, logprobs ? Logprobs([words[w]], 0) : null));
                if (fault is not null)
                {
                    await response.WriteAsync("data: " + Errors.OpenAiErrors.Body(fault.Message, fault.Type, null, fault.Code).ToJsonString() + "\n\n");
                    return;
                }
            }

            await Send(Chunk(i, [], finish));
        }

        if (usage is not null)
        {
            await Send(new JsonObject
            {
                ["id"] = id,
                ["object"] = "chat.completion.chunk",
                ["created"] = created,
                ["model"] = served,
                ["service_tier"] = "default",
                ["system_fingerprint"] = "fp_emulator",
                ["choices"] = new JsonArray(),
                ["usage"] = usage,
            });
        }

        await response.WriteAsync("data: [DONE]\n\n");
    }

    private static JsonObject ToolCall(ChatAnswer answer, int choice, bool withName, string arguments) => new()
    {
        ["index"] = 0,
        ["id"] = $"call_emu{choice}",
        ["type"] = "function",
        ["function"] = new JsonObject { ["name"] = answer.ToolName, ["arguments"] = arguments },
    };

    private static JsonObject Logprobs(string[] words, int top)
    {
        var content = new JsonArray();
        foreach (var word in words)
        {
            var alternatives = new JsonArray();
            for (var k = 0; k < top; k++) alternatives.Add(new JsonObject { ["token"] = k == 0 ? word : word + k, ["logprob"] = -0.01 * (k + 1), ["bytes"] = null });
            content.Add(new JsonObject { ["token"] = word, ["logprob"] = -0.01, ["bytes"] = null, ["top_logprobs"] = alternatives });
        }

        return new JsonObject { ["content"] = content, ["refusal"] = null };
    }

    public static JsonObject Usage(int prompt, int completion, int reasoning) => new()
    {
        ["prompt_tokens"] = prompt,
        ["completion_tokens"] = completion,
        ["total_tokens"] = prompt + completion,
        ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = 0, ["audio_tokens"] = 0 },
        ["completion_tokens_details"] = new JsonObject
        {
            ["reasoning_tokens"] = reasoning, ["audio_tokens"] = 0, ["accepted_prediction_tokens"] = 0, ["rejected_prediction_tokens"] = 0,
        },
    };
}
