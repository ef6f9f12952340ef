using System.Text.Json;
using Sluice.Core.Chat;
using Sluice.OpenAI.Errors;

namespace Sluice.OpenAI.Chat;

/// <summary>
/// Turns one OpenAI <c>chat.completion.chunk</c> into Core updates: text, reasoning, tool-call starts and argument
/// deltas, the finish, and usage. For a passthrough stream the chunk itself goes out (model rewritten) plus its usage.
/// An <c>{"error":...}</c> event is thrown as <see cref="OpenAiApiException"/>.
/// </summary>
public static class ChatStreamTranslator
{
    public static void FromChatCompletionChunk(ReadOnlySpan<byte> json, ChatStreamState state, List<ChatStreamUpdate> updates)
    {
        using var doc = JsonDocument.Parse(json.ToArray());
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) return;
        if (root.TryGetProperty("error", out var error) && error.ValueKind is JsonValueKind.Object or JsonValueKind.String)
        {
            throw OpenAiApiException.FromBody(0, json, null);
        }

        var usage = root.TryGetProperty("usage", out var u) ? OpenAiUsageReader.Read(u) : null;
        var choices = root.TryGetProperty("choices", out var c) && c.ValueKind == JsonValueKind.Array ? c : default;
        var hasChoices = choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0;
        if (state.CallerModel is { } model)
        {
            if (hasChoices || state.CallerWantsUsage)
            {
                updates.Add(ChatStreamUpdate.PassthroughChunk(ModelRewriter.Rewrite(json, model, dropUsage: !state.CallerWantsUsage)));
            }

            if (hasChoices) NoteFinish(choices, state);
        }
        else if (hasChoices)
        {
            // Core carries one answer: the first choice (requests Sluice translates never ask for more).
            Translate(choices[0], state, updates);
        }

        if (usage is not null) updates.Add(ChatStreamUpdate.UsageReport(usage));
    }

    private static void NoteFinish(JsonElement choices, ChatStreamState state)
    {
        foreach (var choice in choices.EnumerateArray())
        {
            if (ChatResponseReader.Str(choice, "finish_reason") is not null) state.Finished = true;
        }
    }

    private static void Translate(JsonElement choice, ChatStreamState state, List<ChatStreamUpdate> updates)
    {
        if (choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object)
        {
            if ((ChatResponseReader.Str(delta, "reasoning_content") ?? ChatResponseReader.Str(delta, "reasoning")) is { Length: > 0 } thinking)
            {
                updates.Add(ChatStreamUpdate.ReasoningDelta(thinking));
            }

            if (ChatResponseReader.Str(delta, "content") is { Length: > 0 } text) updates.Add(ChatStreamUpdate.TextDelta(text));
            if (delta.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
            {
                foreach (var call in calls.EnumerateArray()) ToolCall(call, state, updates);
            }
        }

        if (FinishReasons.Parse(ChatResponseReader.Str(choice, "finish_reason")) is { } finish)
        {
            state.Finished = true;
            updates.Add(ChatStreamUpdate.Finish(finish));
        }
    }

    private static void ToolCall(JsonElement call, ChatStreamState state, List<ChatStreamUpdate> updates)
    {
        var index = call.TryGetProperty("index", out var i) && i.TryGetInt32(out var n) ? n : 0;
        var function = call.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object ? f : default;
        var bit = index is >= 0 and < 64 ? 1UL << index : 0;
        if (bit != 0 && (state.StartedTools & bit) == 0)
        {
            state.StartedTools |= bit;
            var name = function.ValueKind == JsonValueKind.Object ? ChatResponseReader.Str(function, "name") : null;
            updates.Add(ChatStreamUpdate.ToolCallStart(index, ChatResponseReader.Str(call, "id") ?? $"call_{index}", name ?? ""));
        }

        if (function.ValueKind == JsonValueKind.Object && ChatResponseReader.Str(function, "arguments") is { Length: > 0 } arguments)
        {
            updates.Add(ChatStreamUpdate.ToolCallArguments(index, arguments));
        }
    }
}
