using System.Text.Json.Nodes;

namespace Sluice.AzureOpenAI.Emulator.DataPlane;

/// <summary>
/// What the emulated model answers, decided from the request so tests can predict it: a call of the first (or the
/// chosen) tool when the last message is the user's and tools are offered, else a sentence naming the deployment
/// (and whether an image was seen); token counts from the text's length.
/// </summary>
internal sealed record ChatReply(string? Text, string? ToolName, string? ToolArguments, int PromptTokens, int CompletionTokens)
{
    public static ChatReply For(JsonObject body, string deployment, string model)
    {
        var messages = (JsonArray)body["messages"]!;
        var chars = 0;
        var images = 0;
        foreach (var message in messages)
        {
            switch (message?["content"])
            {
                case JsonValue text:
                    chars += text.ToString().Length;
                    break;
                case JsonArray parts:
                    foreach (var part in parts)
                    {
                        if ((part?["type"] as JsonValue)?.ToString() == "image_url") images++;
                        else chars += part?["text"]?.ToString().Length ?? 0;
                    }

                    break;
            }
        }

        var promptTokens = 3 + (chars / 4) + (images * 85);
        var last = messages[^1];
        var lastRole = last?["role"]?.ToString();
        if (body["tools"] is JsonArray { Count: > 0 } tools && lastRole == "user" && body["tool_choice"]?.ToString() != "none")
        {
            var name = body["tool_choice"]?["function"]?["name"]?.ToString() ?? tools[0]!["function"]!["name"]!.ToString();
            var properties = tools[0]!["function"]?["parameters"]?["properties"] as JsonObject;
            var arguments = properties?.ContainsKey("location") == true ? "{\"location\":\"Paris\"}" : "{}";
            return new ChatReply(null, name, arguments, promptTokens, 9);
        }

        var lastImages = last?["content"] is JsonArray lastParts && lastParts.Any(p => p?["type"]?.ToString() == "image_url");
        var reply = lastRole == "tool"
            ? $"The tool answered: {last?["content"]}"
            : lastImages ? $"I see an image. This is {model} on deployment {deployment}." : $"Hello! This is {model} on deployment {deployment}.";
        return new ChatReply(reply, null, null, promptTokens, reply.Split(' ').Length);
    }
}
