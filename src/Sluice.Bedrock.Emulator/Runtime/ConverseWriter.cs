using System.Text.Json;

namespace Sluice.Bedrock.Emulator;

/// <summary>Writes Converse responses and plans ConverseStream events.</summary>
internal static class ConverseWriter
{
    public static byte[] Response(Reply r, long latencyMs) => JsonBytes.Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("output");
        w.WriteStartObject("message");
        w.WriteString("role", "assistant");
        w.WriteStartArray("content");
        if (r.ReasoningText is not null)
        {
            w.WriteStartObject();
            w.WriteStartObject("reasoningContent");
            w.WriteStartObject("reasoningText");
            w.WriteString("text", r.ReasoningText);
            w.WriteString("signature", r.ReasoningSignature);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        if (r.Text is not null)
        {
            w.WriteStartObject();
            w.WriteString("text", r.Text);
            w.WriteEndObject();
        }

        foreach (var call in r.ToolCalls)
        {
            w.WriteStartObject();
            w.WriteStartObject("toolUse");
            w.WriteString("toolUseId", call.Id);
            w.WriteString("name", call.Name);
            w.WritePropertyName("input");
            w.WriteRawValue(call.InputJson);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteString("stopReason", r.StopReason);
        WriteUsage(w, r);
        w.WriteStartObject("metrics");
        w.WriteNumber("latencyMs", latencyMs);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    public static void WriteUsage(Utf8JsonWriter w, Reply r)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("inputTokens", r.InputTokens);
        w.WriteNumber("outputTokens", r.OutputTokens);
        w.WriteNumber("totalTokens", r.InputTokens + r.OutputTokens + r.CacheReadInputTokens + r.CacheWriteInputTokens);
        if (r.UsedCache)
        {
            w.WriteNumber("cacheReadInputTokens", r.CacheReadInputTokens);
            w.WriteNumber("cacheWriteInputTokens", r.CacheWriteInputTokens);
            if (r.CacheWriteInputTokens > 0)
            {
                w.WriteStartArray("cacheDetails");
                w.WriteStartObject();
                w.WriteString("ttl", r.CacheWriteTtl);
                w.WriteNumber("inputTokens", r.CacheWriteInputTokens);
                w.WriteEndObject();
                w.WriteEndArray();
            }
        }

        w.WriteEndObject();
    }

    public static List<StreamEvent> PlanStream(Reply r, Func<string> padding, long latencyMs)
    {
        var events = new List<StreamEvent>
        {
            new("messageStart", JsonBytes.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("p", padding());
                w.WriteString("role", "assistant");
                w.WriteEndObject();
            }), false),
        };
        var index = 0;
        if (r.ReasoningText is not null)
        {
            foreach (var piece in JsonBytes.WordPieces(r.ReasoningText))
            {
                events.Add(Delta(index, padding(), w =>
                {
                    w.WriteStartObject("reasoningContent");
                    w.WriteString("text", piece);
                    w.WriteEndObject();
                }));
            }

            events.Add(Delta(index, padding(), w =>
            {
                w.WriteStartObject("reasoningContent");
                w.WriteString("signature", r.ReasoningSignature);
                w.WriteEndObject();
            }));
            events.Add(Stop(index++, padding()));
        }

        if (r.Text is not null)
        {
            foreach (var piece in JsonBytes.WordPieces(r.Text))
            {
                events.Add(Delta(index, padding(), w => w.WriteString("text", piece)));
            }

            events.Add(Stop(index++, padding()));
        }

        foreach (var call in r.ToolCalls)
        {
            var i = index;
            events.Add(new("contentBlockStart", JsonBytes.Write(w =>
            {
                w.WriteStartObject();
                w.WriteNumber("contentBlockIndex", i);
                w.WriteString("p", padding());
                w.WriteStartObject("start");
                w.WriteStartObject("toolUse");
                w.WriteString("name", call.Name);
                w.WriteString("toolUseId", call.Id);
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
            }), false));
            foreach (var part in JsonBytes.Split(call.InputJson, 3))
            {
                events.Add(Delta(i, padding(), w =>
                {
                    w.WriteStartObject("toolUse");
                    w.WriteString("input", part);
                    w.WriteEndObject();
                }));
            }

            events.Add(Stop(index++, padding()));
        }

        events.Add(new("messageStop", JsonBytes.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("p", padding());
            w.WriteString("stopReason", r.StopReason);
            w.WriteEndObject();
        }), false));
        events.Add(new("metadata", JsonBytes.Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("metrics");
            w.WriteNumber("latencyMs", latencyMs);
            w.WriteEndObject();
            w.WriteString("p", padding());
            WriteUsage(w, r);
            w.WriteEndObject();
        }), false));
        return events;
    }

    private static StreamEvent Delta(int index, string pad, Action<Utf8JsonWriter> delta) => new("contentBlockDelta", JsonBytes.Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("contentBlockIndex", index);
        w.WriteStartObject("delta");
        delta(w);
        w.WriteEndObject();
        w.WriteString("p", pad);
        w.WriteEndObject();
    }), true);

    private static StreamEvent Stop(int index, string pad) => new("contentBlockStop", JsonBytes.Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("contentBlockIndex", index);
        w.WriteString("p", pad);
        w.WriteEndObject();
    }), false);
}
