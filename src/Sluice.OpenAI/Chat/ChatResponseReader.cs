using System.Text.Json;
using Sluice.Core.Chat;
using Sluice.Core.Errors;

namespace Sluice.OpenAI.Chat;

/// <summary>Reads an OpenAI <c>chat.completion</c> into Core's <see cref="ChatResponse"/> (the first choice).</summary>
public static class ChatResponseReader
{
    /// <param name="callerModel">For a passthrough request: the name the caller used, written into the kept body; null = keep no body.</param>
    public static ChatResponse FromChatCompletion(ReadOnlySpan<byte> json, UpstreamInfo upstream, string? callerModel, string upstreamName)
    {
        using var doc = Parse(json, upstreamName);
        var root = doc.RootElement;
        string? text = null;
        List<ToolCall>? calls = null;
        ReasoningContent? reasoning = null;
        var finish = FinishReason.Stop;
        if (root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
        {
            var choice = choices[0];
            finish = FinishReasons.Parse(Str(choice, "finish_reason")) ?? FinishReason.Stop;
            if (choice.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object)
            {
                text = Str(message, "content") ?? Str(message, "refusal");
                // vLLM, DeepSeek and llama.cpp return a reasoning model's thinking beside the answer.
                if ((Str(message, "reasoning_content") ?? Str(message, "reasoning")) is { } thinking) reasoning = new ReasoningContent(thinking, null);
                calls = ToolCalls(message);
            }
        }

        var usage = root.TryGetProperty("usage", out var u) ? OpenAiUsageReader.Read(u) : null;
        return new ChatResponse
        {
            Text = text,
            ToolCalls = calls,
            Reasoning = reasoning,
            FinishReason = finish,
            Usage = usage ?? Usage.NotReported,
            Upstream = upstream,
            Passthrough = callerModel is null ? null : ModelRewriter.Rewrite(json, callerModel),
        };
    }

    internal static JsonDocument Parse(ReadOnlySpan<byte> json, string upstreamName)
    {
        try
        {
            return JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            throw new GatewayException(new GatewayError(502, ErrorTypes.Upstream, "invalid_upstream_response",
                $"The upstream answered with JSON Sluice cannot read: {e.Message}", Upstream: upstreamName));
        }
    }

    private static List<ToolCall>? ToolCalls(JsonElement message)
    {
        if (!message.TryGetProperty("tool_calls", out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0) return null;
        var calls = new List<ToolCall>(array.GetArrayLength());
        foreach (var call in array.EnumerateArray())
        {
            var function = call.TryGetProperty("function", out var f) ? f : default;
            calls.Add(new ToolCall(Str(call, "id") ?? "", function.ValueKind == JsonValueKind.Object ? Str(function, "name") ?? "" : "",
                function.ValueKind == JsonValueKind.Object ? Str(function, "arguments") ?? "{}" : "{}"));
        }

        return calls;
    }

    internal static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
