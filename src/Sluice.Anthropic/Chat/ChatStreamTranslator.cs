using System.Text.Json;
using Sluice.Core.Chat;

namespace Sluice.Anthropic.Chat;

/// <summary>
/// Anthropic stream events as Core's chat updates: text, thinking and its signature, tool calls (start, then their
/// input's JSON fragments), the finish reason (from <c>message_delta</c>) and the usage (at <c>message_stop</c>).
/// </summary>
internal static class ChatStreamTranslator
{
    public static void FromMessagesEvent(string type, ReadOnlySpan<byte> json, ChatStreamState state, List<ChatStreamUpdate> updates)
    {
        if (type is "ping" or "content_block_stop") return;
        if (type == "message_stop")
        {
            state.IsComplete = true;
            if (state.SawUsage) updates.Add(ChatStreamUpdate.UsageReport(state.Usage.ToUsage()));
            return;
        }

        var reader = new Utf8JsonReader(json);
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        switch (type)
        {
            case "message_start":
                if (root.TryGetProperty("message", out var message) && message.TryGetProperty("usage", out var startUsage)) Merge(state, startUsage);
                break;
            case "content_block_start":
                var index = Int(root, "index");
                if (root.TryGetProperty("content_block", out var block) && String(block, "type") == "tool_use")
                {
                    var tool = state.ToolCount++;
                    state.SetBlock(index, tool);
                    updates.Add(ChatStreamUpdate.ToolCallStart(tool, String(block, "id") ?? "", String(block, "name") ?? ""));
                }
                else
                {
                    state.SetBlock(index, -1);
                }

                break;
            case "content_block_delta":
                if (!root.TryGetProperty("delta", out var delta)) break;
                switch (String(delta, "type"))
                {
                    case "text_delta" when String(delta, "text") is { Length: > 0 } text:
                        updates.Add(ChatStreamUpdate.TextDelta(text));
                        break;
                    case "input_json_delta" when String(delta, "partial_json") is { Length: > 0 } partial && state.ToolIndex(Int(root, "index")) is >= 0 and var toolIndex:
                        updates.Add(ChatStreamUpdate.ToolCallArguments(toolIndex, partial));
                        break;
                    case "thinking_delta" when String(delta, "thinking") is { Length: > 0 } thinking:
                        updates.Add(ChatStreamUpdate.ReasoningDelta(thinking));
                        break;
                    case "signature_delta" when String(delta, "signature") is { Length: > 0 } signature:
                        updates.Add(ChatStreamUpdate.ReasoningSignatureDelta(signature));
                        break;
                }

                break;
            case "message_delta":
                if (root.TryGetProperty("usage", out var deltaUsage)) Merge(state, deltaUsage);
                if (root.TryGetProperty("delta", out var messageDelta) && String(messageDelta, "stop_reason") is { } stop)
                {
                    updates.Add(ChatStreamUpdate.Finish(ChatStopReason.ToFinishReason(stop)));
                }

                break;
        }
    }

    private static void Merge(ChatStreamState state, JsonElement usage)
    {
        state.Usage = state.Usage.Merge(usage);
        state.SawUsage = true;
    }

    private static string? String(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int Int(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : -1;
}
