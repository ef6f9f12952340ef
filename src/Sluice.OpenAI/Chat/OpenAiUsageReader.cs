using System.Text.Json;
using Sluice.Core.Chat;

namespace Sluice.OpenAI.Chat;

/// <summary>Reads OpenAI's <c>usage</c> object (chat, embeddings, responses) into Core's <see cref="Usage"/>.</summary>
public static class OpenAiUsageReader
{
    /// <summary>The usage, or null when the object is missing or null (some compatible servers send none).</summary>
    public static Usage? Read(JsonElement usage)
    {
        if (usage.ValueKind != JsonValueKind.Object) return null;
        // Chat and embeddings say prompt/completion; the Responses API says input/output.
        var input = Int(usage, "prompt_tokens") ?? Int(usage, "input_tokens") ?? 0;
        var output = Int(usage, "completion_tokens") ?? Int(usage, "output_tokens") ?? 0;
        var cached = Detail(usage, "prompt_tokens_details", "cached_tokens") ?? Detail(usage, "input_tokens_details", "cached_tokens") ?? 0;
        var reasoning = Detail(usage, "completion_tokens_details", "reasoning_tokens") ?? Detail(usage, "output_tokens_details", "reasoning_tokens");
        return new Usage(input, output, Math.Min(cached, input), 0, reasoning);
    }

    private static int? Detail(JsonElement usage, string details, string name) =>
        usage.TryGetProperty(details, out var d) && d.ValueKind == JsonValueKind.Object ? Int(d, name) : null;

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n >= 0 ? n : null;
}
