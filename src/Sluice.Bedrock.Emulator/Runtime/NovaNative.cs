using System.Text.Json;

namespace Sluice.Bedrock.Emulator;

/// <summary>Amazon Nova native InvokeModel bodies (messages-v1).</summary>
internal static class NovaNative
{
    public static Conversation Parse(JsonElement root, FixtureModel model)
    {
        if (root.ValueKind != JsonValueKind.Object) throw RequestRejected.Malformed("#: expected type: JSONObject");
        foreach (var p in root.EnumerateObject())
        {
            if (p.Name is not ("schemaVersion" or "messages" or "system" or "inferenceConfig" or "toolConfig"))
                throw RequestRejected.Malformed($"#: extraneous key [{p.Name}] is not permitted");
        }

        if (!root.TryGetProperty("messages", out var messages)) throw RequestRejected.Malformed("#: required key [messages] not found");
        var c = new Conversation();
        var i = 0;
        foreach (var m in messages.EnumerateArray())
        {
            var role = m.GetProperty("role").GetString() ?? "";
            if (role is not ("user" or "assistant")) throw RequestRejected.Malformed($"#/messages/{i}/role: {role} is not a valid enum value");
            var blocks = new List<Block>();
            var j = 0;
            foreach (var b in m.GetProperty("content").EnumerateArray())
            {
                blocks.Add(ConverseParser.ParseContentBlock(b, $"messages.{i}.content.{j++}"));
            }

            c.Messages.Add(new Turn(role, blocks));
            i++;
        }

        if (root.TryGetProperty("system", out var system))
        {
            foreach (var s in system.EnumerateArray()) c.System.Add(new Block { Kind = BlockKind.Text, Text = s.GetProperty("text").GetString() ?? "" });
        }

        if (root.TryGetProperty("inferenceConfig", out var cfg))
        {
            if (cfg.TryGetProperty("max_new_tokens", out var max))
            {
                if (!max.TryGetInt32(out var mv) || mv < 1) throw RequestRejected.Malformed("#/inferenceConfig/max_new_tokens: must be >= 1");
                c.MaxTokens = mv;
            }

            if (cfg.TryGetProperty("stopSequences", out var stops))
            {
                foreach (var s in stops.EnumerateArray()) c.StopSequences.Add(s.GetString() ?? "");
            }
        }

        ConversationRules.Validate(c, model, requireMessages: true);
        return c;
    }

    public static byte[] Response(Reply r) => JsonBytes.Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("output");
        w.WriteStartObject("message");
        w.WriteString("role", "assistant");
        w.WriteStartArray("content");
        w.WriteStartObject();
        w.WriteString("text", r.Text ?? "");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteString("stopReason", r.StopReason);
        w.WriteStartObject("usage");
        w.WriteNumber("inputTokens", r.InputTokens);
        w.WriteNumber("outputTokens", r.OutputTokens);
        w.WriteNumber("totalTokens", r.InputTokens + r.OutputTokens);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    public static List<(byte[] Json, bool Token)> PlanStream(Reply r, long latencyMs)
    {
        var list = new List<(byte[], bool)>
        {
            (JsonBytes.Write(w => { w.WriteStartObject(); w.WriteStartObject("messageStart"); w.WriteString("role", "assistant"); w.WriteEndObject(); w.WriteEndObject(); }), false),
        };
        foreach (var piece in JsonBytes.WordPieces(r.Text ?? ""))
        {
            list.Add((JsonBytes.Write(w =>
            {
                w.WriteStartObject();
                w.WriteStartObject("contentBlockDelta");
                w.WriteStartObject("delta");
                w.WriteString("text", piece);
                w.WriteEndObject();
                w.WriteNumber("contentBlockIndex", 0);
                w.WriteEndObject();
                w.WriteEndObject();
            }), true));
        }

        list.Add((JsonBytes.Write(w => { w.WriteStartObject(); w.WriteStartObject("contentBlockStop"); w.WriteNumber("contentBlockIndex", 0); w.WriteEndObject(); w.WriteEndObject(); }), false));
        list.Add((JsonBytes.Write(w => { w.WriteStartObject(); w.WriteStartObject("messageStop"); w.WriteString("stopReason", r.StopReason); w.WriteEndObject(); w.WriteEndObject(); }), false));
        list.Add((JsonBytes.Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("metadata");
            w.WriteStartObject("usage");
            w.WriteNumber("inputTokens", r.InputTokens);
            w.WriteNumber("outputTokens", r.OutputTokens);
            w.WriteEndObject();
            w.WriteEndObject();
            AnthropicNative.InvocationMetrics(w, r.InputTokens, r.OutputTokens, latencyMs);
            w.WriteEndObject();
        }), false));
        return list;
    }
}
