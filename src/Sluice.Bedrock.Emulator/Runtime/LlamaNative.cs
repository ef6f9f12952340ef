using System.Text.Json;

namespace Sluice.Bedrock.Emulator;

/// <summary>Meta Llama native InvokeModel bodies (prompt / generation).</summary>
internal static class LlamaNative
{
    public static Conversation Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw RequestRejected.Malformed("#: expected type: JSONObject");
        foreach (var p in root.EnumerateObject())
        {
            if (p.Name is not ("prompt" or "max_gen_len" or "temperature" or "top_p" or "images"))
                throw RequestRejected.Malformed($"#: extraneous key [{p.Name}] is not permitted");
        }

        if (!root.TryGetProperty("prompt", out var prompt) || string.IsNullOrEmpty(prompt.GetString()))
            throw RequestRejected.Malformed("#: required key [prompt] not found");
        var c = new Conversation();
        c.Messages.Add(new Turn("user", [new Block { Kind = BlockKind.Text, Text = prompt.GetString()! }]));
        if (root.TryGetProperty("max_gen_len", out var max))
        {
            if (!max.TryGetInt32(out var mv) || mv < 1 || mv > 2048) throw RequestRejected.Malformed("#/max_gen_len: must be between 1 and 2048");
            c.MaxTokens = mv;
        }

        return c;
    }

    private static string StopReason(Reply r) => r.StopReason == "max_tokens" ? "length" : "stop";

    public static byte[] Response(Reply r) => JsonBytes.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("generation", r.Text ?? "");
        w.WriteNumber("prompt_token_count", r.InputTokens);
        w.WriteNumber("generation_token_count", r.OutputTokens);
        w.WriteString("stop_reason", StopReason(r));
        w.WriteEndObject();
    });

    public static List<(byte[] Json, bool Token)> PlanStream(Reply r, long latencyMs)
    {
        var list = new List<(byte[], bool)>();
        var pieces = JsonBytes.WordPieces(r.Text ?? "");
        for (var i = 0; i < pieces.Count; i++)
        {
            var piece = pieces[i];
            var last = i == pieces.Count - 1;
            var first = i == 0;
            var count = i + 1;
            list.Add((JsonBytes.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("generation", piece);
                if (first) w.WriteNumber("prompt_token_count", r.InputTokens); else w.WriteNull("prompt_token_count");
                w.WriteNumber("generation_token_count", count);
                if (last) w.WriteString("stop_reason", StopReason(r)); else w.WriteNull("stop_reason");
                if (last) AnthropicNative.InvocationMetrics(w, r.InputTokens, r.OutputTokens, latencyMs);
                w.WriteEndObject();
            }), true));
        }

        return list;
    }
}
