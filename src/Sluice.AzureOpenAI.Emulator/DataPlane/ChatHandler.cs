using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sluice.AzureOpenAI.Emulator.Fixtures;

namespace Sluice.AzureOpenAI.Emulator.DataPlane;

/// <summary>
/// Chat completions as Azure OpenAI answers them: <c>prompt_filter_results</c> and per-choice
/// <c>content_filter_results</c>; streamed, a first chunk with no choices and the prompt's filter results, content
/// chunks, the finish chunk, a usage chunk when <c>stream_options.include_usage</c>, then <c>data: [DONE]</c>.
/// </summary>
internal static class ChatHandler
{
    public static async Task HandleAsync(HttpContext context, JsonObject body, AzureDeployment deployment, bool failMidStream)
    {
        if (ChatRules.Check(body) is { } problem)
        {
            await AzureErrorWriter.ModelAsync(context, 400, problem.Message, "invalid_request_error", problem.Param, problem.Code);
            return;
        }

        var reply = ChatReply.For(body, deployment.Name, deployment.Model);
        var id = "chatcmpl-" + Guid.NewGuid().ToString("N")[..24];
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var finish = reply.ToolName is null ? "stop" : "tool_calls";
        if (body["stream"]?.GetValue<bool>() == true)
        {
            await StreamAsync(context, body, deployment, reply, id, created, finish, failMidStream);
            return;
        }

        var message = new JsonObject { ["content"] = reply.Text, ["refusal"] = null, ["role"] = "assistant" };
        if (reply.ToolName is not null)
        {
            message["tool_calls"] = new JsonArray(ToolCall(reply, withIndex: false));
        }

        var response = new JsonObject
        {
            ["choices"] = new JsonArray(new JsonObject
            {
                ["content_filter_results"] = ContentFilterResults.Safe(),
                ["finish_reason"] = finish,
                ["index"] = 0,
                ["logprobs"] = null,
                ["message"] = message,
            }),
            ["created"] = created,
            ["id"] = id,
            ["model"] = deployment.Model,
            ["object"] = "chat.completion",
            ["prompt_filter_results"] = ContentFilterResults.Prompt(),
            ["system_fingerprint"] = "fp_emulated",
            ["usage"] = Usage(reply),
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(response.ToJsonString(), context.RequestAborted);
    }

    private static async Task StreamAsync(HttpContext context, JsonObject body, AzureDeployment deployment, ChatReply reply, string id, long created, string finish, bool failMidStream)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        var ct = context.RequestAborted;

        await SendAsync(response, new JsonObject
        {
            ["choices"] = new JsonArray(), ["created"] = 0, ["id"] = "", ["model"] = "", ["object"] = "",
            ["prompt_filter_results"] = ContentFilterResults.Prompt(),
        }, ct);
        await SendAsync(response, Chunk(id, created, deployment.Model, new JsonObject { ["content"] = "", ["refusal"] = null, ["role"] = "assistant" }, null, filter: false), ct);

        if (reply.ToolName is not null)
        {
            await SendAsync(response, Chunk(id, created, deployment.Model, new JsonObject { ["tool_calls"] = new JsonArray(ToolCall(reply, withIndex: true)) }, null, filter: false), ct);
        }
        else
        {
            var words = reply.Text!.Split(' ');
            for (var i = 0; i < words.Length; i++)
            {
                await SendAsync(response, Chunk(id, created, deployment.Model, new JsonObject { ["content"] = i == 0 ? words[i] : " " + words[i] }, null, filter: true), ct);
                if (failMidStream && i == 1)
                {
                    var error = new JsonObject
                    {
                        ["error"] = new JsonObject { ["message"] = AzureErrorWriter.ServerError, ["type"] = "server_error", ["param"] = null, ["code"] = null },
                    };
                    await SendAsync(response, error, ct);
                    return;
                }
            }
        }

        await SendAsync(response, Chunk(id, created, deployment.Model, new JsonObject(), finish, filter: true), ct);
        if (body["stream_options"]?["include_usage"]?.GetValue<bool>() == true)
        {
            await SendAsync(response, new JsonObject
            {
                ["choices"] = new JsonArray(), ["created"] = created, ["id"] = id, ["model"] = deployment.Model,
                ["object"] = "chat.completion.chunk", ["system_fingerprint"] = "fp_emulated", ["usage"] = Usage(reply),
            }, ct);
        }

        await response.WriteAsync("data: [DONE]\n\n", ct);
    }

    private static JsonObject Chunk(string id, long created, string model, JsonObject delta, string? finish, bool filter)
    {
        var choice = new JsonObject();
        if (filter) choice["content_filter_results"] = finish is null ? ContentFilterResults.Safe() : new JsonObject();
        choice["delta"] = delta;
        choice["finish_reason"] = finish;
        choice["index"] = 0;
        choice["logprobs"] = null;
        return new JsonObject
        {
            ["choices"] = new JsonArray(choice), ["created"] = created, ["id"] = id, ["model"] = model,
            ["object"] = "chat.completion.chunk", ["system_fingerprint"] = "fp_emulated",
        };
    }

    private static JsonObject ToolCall(ChatReply reply, bool withIndex)
    {
        var call = new JsonObject();
        if (withIndex) call["index"] = 0;
        call["id"] = "call_" + Guid.NewGuid().ToString("N")[..24];
        call["type"] = "function";
        call["function"] = new JsonObject { ["name"] = reply.ToolName, ["arguments"] = reply.ToolArguments };
        return call;
    }

    private static JsonObject Usage(ChatReply reply) => new()
    {
        ["completion_tokens"] = reply.CompletionTokens,
        ["completion_tokens_details"] = new JsonObject { ["accepted_prediction_tokens"] = 0, ["audio_tokens"] = 0, ["reasoning_tokens"] = 0, ["rejected_prediction_tokens"] = 0 },
        ["prompt_tokens"] = reply.PromptTokens,
        ["prompt_tokens_details"] = new JsonObject { ["audio_tokens"] = 0, ["cached_tokens"] = 0 },
        ["total_tokens"] = reply.PromptTokens + reply.CompletionTokens,
    };

    private static async Task SendAsync(HttpResponse response, JsonNode data, CancellationToken ct)
    {
        await response.WriteAsync("data: " + data.ToJsonString() + "\n\n", Encoding.UTF8, ct);
        await response.Body.FlushAsync(ct);
    }
}
