using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Sluice.Anthropic.Emulator.Hosting;

/// <summary>Writes answers as Anthropic does: message JSON, SSE events (<c>event: X\ndata: {…}\n\n</c>), and error JSON.</summary>
internal static class ResponseWriter
{
    public static async Task ErrorAsync(HttpResponse response, int status, string type, string message, string requestId, int retryAfter = 0)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        if (retryAfter > 0) response.Headers["retry-after"] = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await response.WriteAsync(ErrorJson(type, message, requestId));
    }

    public static string ErrorJson(string type, string message, string? requestId)
    {
        var o = new JsonObject { ["type"] = "error", ["error"] = new JsonObject { ["type"] = type, ["message"] = message } };
        if (requestId is not null) o["request_id"] = requestId;
        return o.ToJsonString();
    }

    public static JsonObject Message(string id, string model, Answer answer)
    {
        var content = new JsonArray();
        foreach (var b in answer.Blocks) content.Add(Block(b, complete: true));
        return new JsonObject
        {
            ["id"] = id,
            ["type"] = "message",
            ["role"] = "assistant",
            ["model"] = model,
            ["content"] = content,
            ["stop_reason"] = answer.StopReason,
            ["stop_sequence"] = answer.StopSequence,
            ["usage"] = Usage(answer, answer.OutputTokens),
        };
    }

    public static JsonObject Usage(Answer answer, int outputTokens) => new()
    {
        ["input_tokens"] = answer.InputTokens,
        ["cache_creation_input_tokens"] = answer.CacheCreation,
        ["cache_read_input_tokens"] = answer.CacheRead,
        ["cache_creation"] = new JsonObject
        {
            ["ephemeral_5m_input_tokens"] = answer.CacheCreation - answer.CacheCreation1h,
            ["ephemeral_1h_input_tokens"] = answer.CacheCreation1h,
        },
        ["output_tokens"] = outputTokens,
        ["service_tier"] = "standard",
    };

    /// <summary>A block as it appears in a message (<paramref name="complete"/>) or in its <c>content_block_start</c> (empty).</summary>
    public static JsonObject Block(AnswerBlock b, bool complete) => b.Type switch
    {
        "tool_use" => new JsonObject { ["type"] = "tool_use", ["id"] = b.ToolId, ["name"] = b.ToolName, ["input"] = complete ? JsonNode.Parse(b.Text) : new JsonObject() },
        "thinking" => new JsonObject { ["type"] = "thinking", ["thinking"] = complete ? b.Text : "", ["signature"] = complete ? b.Signature : "" },
        _ => new JsonObject { ["type"] = "text", ["text"] = complete ? b.Text : "" },
    };

    /// <summary>The stream's events in Anthropic's order.</summary>
    public static List<(string Type, JsonObject Data)> Events(string id, string model, Answer answer)
    {
        var start = Message(id, model, answer);
        start["content"] = new JsonArray();
        start["stop_reason"] = null;
        start["stop_sequence"] = null;
        start["usage"] = Usage(answer, 1);
        var events = new List<(string, JsonObject)>
        {
            ("message_start", new JsonObject { ["type"] = "message_start", ["message"] = start }),
            ("ping", new JsonObject { ["type"] = "ping" }),
        };
        for (var i = 0; i < answer.Blocks.Count; i++)
        {
            var b = answer.Blocks[i];
            events.Add(("content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = i, ["content_block"] = Block(b, complete: false) }));
            foreach (var delta in Deltas(b))
            {
                events.Add(("content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = i, ["delta"] = delta }));
            }

            events.Add(("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = i }));
        }

        var usage = Usage(answer, answer.OutputTokens);
        usage.Remove("service_tier");
        events.Add(("message_delta", new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = answer.StopReason, ["stop_sequence"] = answer.StopSequence },
            ["usage"] = usage,
        }));
        events.Add(("message_stop", new JsonObject { ["type"] = "message_stop" }));
        return events;
    }

    public static byte[] Sse(string type, string json) => Encoding.UTF8.GetBytes($"event: {type}\ndata: {json}\n\n");

    private static IEnumerable<JsonObject> Deltas(AnswerBlock b)
    {
        switch (b.Type)
        {
            case "tool_use":
                // Anthropic streams the input as JSON fragments that only parse once joined.
                var half = b.Text.Length / 2;
                yield return new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = "" };
                yield return new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = b.Text[..half] };
                yield return new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = b.Text[half..] };
                break;
            case "thinking":
                foreach (var piece in Pieces(b.Text)) yield return new JsonObject { ["type"] = "thinking_delta", ["thinking"] = piece };
                yield return new JsonObject { ["type"] = "signature_delta", ["signature"] = b.Signature };
                break;
            default:
                foreach (var piece in Pieces(b.Text)) yield return new JsonObject { ["type"] = "text_delta", ["text"] = piece };
                break;
        }
    }

    /// <summary>The text in word-sized pieces that join back to it exactly.</summary>
    private static IEnumerable<string> Pieces(string text)
    {
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || (text[i] == ' ' && text[i - 1] != ' '))
            {
                if (i > start) yield return text[start..i];
                start = i;
            }
        }
    }

    public static string Json(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
