using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.OpenAI.Emulator.Routes;

/// <summary>
/// The emulator's deterministic model: it echoes the last user turn (images as <c>[image MEDIA BYTES bytes]</c> or
/// <c>[image URL]</c>), answers a tool result with <c>tool said: ...</c>, and, when tools are offered and the last turn
/// is the user's, calls the chosen (or first) tool with every required property set to the user's text.
/// </summary>
internal sealed record ChatAnswer(string? Text, string? ToolName, string? ToolArguments, int PromptTokens, int ReasoningTokens)
{
    public static ChatAnswer For(JsonObject body, EmulatedModel model)
    {
        var messages = body["messages"]!.AsArray();
        var prompt = 0;
        foreach (var m in messages) prompt += Call.Words(TextOf(m!["content"])) + 3;
        var last = messages[^1]!.AsObject();
        var role = last["role"]!.GetValue<string>();
        var reasoning = model.Id.StartsWith('o') ? 2 : 0;
        if (role == "tool") return new ChatAnswer("tool said: " + TextOf(last["content"]), null, null, prompt, reasoning);
        var text = TextOf(last["content"]);
        var choice = body["tool_choice"];
        if (body["tools"] is JsonArray { Count: > 0 } tools && !(choice is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == "none"))
        {
            var name = choice?["function"]?["name"]?.GetValue<string>() ?? tools[0]!["function"]!["name"]!.GetValue<string>();
            JsonNode? tool = null;
            foreach (var t in tools)
            {
                if (t?["function"]?["name"]?.GetValue<string>() == name) tool = t;
            }

            var args = new JsonObject();
            if (tool?["function"]?["parameters"]?["required"] is JsonArray required)
            {
                foreach (var r in required) args[r!.GetValue<string>()] = text;
            }

            return new ChatAnswer(null, name, args.ToJsonString(), prompt, reasoning);
        }

        return new ChatAnswer(text, null, null, prompt, reasoning);
    }

    public static string TextOf(JsonNode? content)
    {
        if (content is null) return "";
        if (content is JsonValue v && v.GetValueKind() == JsonValueKind.String) return v.GetValue<string>();
        if (content is not JsonArray parts) return "";
        var sb = new StringBuilder();
        foreach (var part in parts)
        {
            var type = part?["type"]?.GetValue<string>();
            if (sb.Length > 0) sb.Append(' ');
            if (type == "text") sb.Append(part!["text"]?.GetValue<string>());
            else if (type == "image_url") sb.Append(ImageText(part!["image_url"]?["url"]?.GetValue<string>() ?? ""));
        }

        return sb.ToString();
    }

    private static string ImageText(string url)
    {
        if (!url.StartsWith("data:", StringComparison.Ordinal)) return $"[image {url}]";
        var comma = url.IndexOf(',', StringComparison.Ordinal);
        var media = url[5..url.IndexOf(';', StringComparison.Ordinal)];
        var bytes = Convert.FromBase64String(url[(comma + 1)..]);
        return $"[image {media} {bytes.Length} bytes]";
    }
}
