using System.Text;
using System.Text.Json;
using Sluice.Anthropic.Messages;
using Sluice.Core.Chat;
using Sluice.Core.Errors;
using Sluice.Core.Messages;

namespace Sluice.Anthropic.Chat;

/// <summary>An Anthropic message (<c>{"type":"message","content":[…],"stop_reason":…,"usage":{…}}</c>) as Core's chat response.</summary>
internal static class ChatResponseReader
{
    public static ChatResponse FromMessage(ReadOnlySpan<byte> json, UpstreamInfo upstream)
    {
        JsonDocument doc;
        try
        {
            var reader = new Utf8JsonReader(json);
            doc = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw Invalid(upstream, "not JSON: " + e.Message);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array)
            {
                throw Invalid(upstream, "no content array");
            }

            StringBuilder? text = null;
            List<ToolCall>? calls = null;
            ReasoningContent? reasoning = null;
            foreach (var block in content.EnumerateArray())
            {
                switch (String(block, "type"))
                {
                    case "text":
                        (text ??= new StringBuilder()).Append(String(block, "text"));
                        break;
                    case "tool_use":
                        var input = block.TryGetProperty("input", out var i) ? i.GetRawText() : "{}";
                        (calls ??= []).Add(new ToolCall(String(block, "id") ?? "", String(block, "name") ?? "", input));
                        break;
                    case "thinking":
                        reasoning = new ReasoningContent(String(block, "thinking"), String(block, "signature"));
                        break;
                    case "redacted_thinking":
                        reasoning ??= new ReasoningContent(null, null, String(block, "data"));
                        break;
                }
            }

            var counts = default(MessagesUsageCounts);
            if (root.TryGetProperty("usage", out var usage)) counts = counts.Merge(usage);
            return new ChatResponse
            {
                Text = text?.ToString(),
                ToolCalls = calls,
                Reasoning = reasoning,
                FinishReason = ChatStopReason.ToFinishReason(String(root, "stop_reason")),
                Usage = counts.ToUsage(),
                Upstream = upstream,
            };
        }
    }

    private static string? String(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static GatewayException Invalid(UpstreamInfo upstream, string why) =>
        new(new GatewayError(502, ErrorTypes.Upstream, "invalid_upstream_response", $"Anthropic returned a message for {upstream.ModelId} that Sluice cannot read ({why})."));
}
