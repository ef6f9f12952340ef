using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.Anthropic.Emulator;

/// <summary>
/// The emulated model, deterministic so tests can assert answers: it repeats the last user text; a text
/// <c>call NAME key=value…</c> naming a declared tool makes it call that tool; a turn of tool results is answered with
/// <c>Result: …</c>; thinking adds a signed thinking block. Tokens are words. Cache markers write the prefix up to the
/// last marker to a prompt cache on the first call and read it on the next ones, as Anthropic bills them.
/// </summary>
internal sealed class DeterministicModel
{
    private readonly HashSet<string> _cache = new(StringComparer.Ordinal);
    private readonly Lock _cacheLock = new();

    public Answer Answer(JsonObject body, ModelKnobs knobs)
    {
        var messages = (JsonArray)body["messages"]!;
        var last = (JsonObject)messages[^1]!;
        var (text, results) = UserText(last);
        var blocks = new List<AnswerBlock>();
        if (body["thinking"] is JsonObject { } thinking && thinking["type"]?.GetValue<string>() == "enabled")
        {
            var thought = "Thinking about: " + text;
            blocks.Add(new AnswerBlock("thinking", thought, Signature: Sign(thought)));
        }

        var stopReason = "end_turn";
        string? stopSequence = null;
        if (results.Count > 0)
        {
            blocks.Add(new AnswerBlock("text", "Result: " + string.Join(" ", results)));
        }
        else if (ToolCall(text, body["tools"] as JsonArray, body["tool_choice"]) is { } call)
        {
            blocks.Add(call);
            stopReason = "tool_use";
        }
        else
        {
            var answer = text;
            if (body["stop_sequences"] is JsonArray stops)
            {
                foreach (var stop in stops)
                {
                    var s = stop!.GetValue<string>();
                    var at = answer.IndexOf(s, StringComparison.Ordinal);
                    if (at < 0) continue;
                    answer = answer[..at];
                    stopReason = "stop_sequence";
                    stopSequence = s;
                }
            }

            var words = Words(answer);
            var max = (int)body["max_tokens"]!.GetValue<double>();
            if (words.Length > max)
            {
                answer = string.Join(' ', words[..max]);
                stopReason = "max_tokens";
                stopSequence = null;
            }

            blocks.Add(new AnswerBlock("text", answer));
        }

        var (input, cacheWrite, cacheWrite1h, cacheRead) = InputTokens(body);
        cacheWrite = knobs.UsageCacheWriteTokens ?? cacheWrite;
        cacheRead = knobs.UsageCacheReadTokens ?? cacheRead;
        var output = 0;
        foreach (var block in blocks) output += Math.Max(1, Words(block.Text).Length);
        return new Answer(blocks, stopReason, stopSequence, input, output, cacheWrite, Math.Min(cacheWrite1h, cacheWrite), cacheRead);
    }

    /// <summary>What count_tokens answers: every input token, cached or not.</summary>
    public static int CountTokens(JsonObject body)
    {
        var total = 0;
        foreach (var (tokens, _, _) in Segments(body)) total += tokens;
        return Math.Max(1, total);
    }

    public static string[] Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static (string Text, List<string> Results) UserText(JsonObject message)
    {
        var results = new List<string>();
        if (message["content"] is JsonValue v) return (v.GetValue<string>(), results);
        var text = new StringBuilder();
        foreach (var block in (JsonArray)message["content"]!)
        {
            var type = block!["type"]!.GetValue<string>();
            if (type == "text") text.Append(text.Length > 0 ? " " : "").Append(block["text"]!.GetValue<string>());
            else if (type == "tool_result") results.Add(ResultText(block["content"]));
        }

        return (text.ToString(), results);
    }

    private static string ResultText(JsonNode? content) => content switch
    {
        null => "",
        JsonValue v => v.GetValue<string>(),
        JsonArray a => string.Join(" ", a.Where(b => b?["type"]?.GetValue<string>() == "text").Select(b => b!["text"]!.GetValue<string>())),
        _ => "",
    };

    private static AnswerBlock? ToolCall(string text, JsonArray? tools, JsonNode? choice)
    {
        if (tools is null || tools.Count == 0) return null;
        var words = Words(text);
        string? name = null;
        var argsFrom = 0;
        if (words.Length >= 2 && words[0] == "call")
        {
            name = words[1];
            argsFrom = 2;
        }

        var forced = choice?["type"]?.GetValue<string>() switch
        {
            "tool" => choice["name"]!.GetValue<string>(),
            "any" => tools[0]!["name"]!.GetValue<string>(),
            _ => null,
        };
        if (choice?["type"]?.GetValue<string>() == "none") return null;
        name = forced ?? name;
        if (name is null || !tools.Any(t => t?["name"]?.GetValue<string>() == name)) return null;

        var input = new JsonObject();
        for (var i = argsFrom; i < words.Length; i++)
        {
            var eq = words[i].IndexOf('=', StringComparison.Ordinal);
            if (eq > 0) input[words[i][..eq]] = words[i][(eq + 1)..];
        }

        var id = "toolu_01" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text + name)))[..22];
        return new AnswerBlock("tool_use", input.ToJsonString(), id, name);
    }

    private (int Input, int CacheWrite, int CacheWrite1h, int CacheRead) InputTokens(JsonObject body)
    {
        var segments = Segments(body);
        var lastMarker = -1;
        for (var i = 0; i < segments.Count; i++)
        {
            if (segments[i].Marker is not null) lastMarker = i;
        }

        var total = 0;
        foreach (var s in segments) total += s.Tokens;
        if (lastMarker < 0) return (total, 0, 0, 0);

        var prefix = 0;
        var key = new StringBuilder(body["model"]!.GetValue<string>());
        var oneHour = false;
        for (var i = 0; i <= lastMarker; i++)
        {
            prefix += segments[i].Tokens;
            key.Append('\u0001').Append(segments[i].Key);
            oneHour |= segments[i].Marker == "1h";
        }

        bool hit;
        lock (_cacheLock)
        {
            hit = !_cache.Add(key.ToString());
        }

        return hit ? (total - prefix, 0, 0, prefix) : (total - prefix, prefix, oneHour ? prefix : 0, 0);
    }

    /// <summary>The prompt in Anthropic's cache order (tools, system, messages): each block's tokens, its cache marker's TTL, and a key.</summary>
    private static List<(int Tokens, string? Marker, string Key)> Segments(JsonObject body)
    {
        var segments = new List<(int, string?, string)>();
        if (body["tools"] is JsonArray tools)
        {
            foreach (var tool in tools) segments.Add(Segment(tool!));
        }

        switch (body["system"])
        {
            case JsonValue s:
                segments.Add((Words(s.GetValue<string>()).Length, null, s.GetValue<string>()));
                break;
            case JsonArray blocks:
                foreach (var block in blocks) segments.Add(Segment(block!));
                break;
        }

        foreach (var message in (JsonArray)body["messages"]!)
        {
            if (message!["content"] is JsonValue v)
            {
                segments.Add((Words(v.GetValue<string>()).Length, null, v.GetValue<string>()));
                continue;
            }

            foreach (var block in (JsonArray)message["content"]!) segments.Add(Segment(block!));
        }

        return segments;
    }

    private static (int, string?, string) Segment(JsonNode block)
    {
        var json = block.ToJsonString();
        var tokens = block["type"]?.GetValue<string>() == "image" ? 85 : CountWords(block);
        string? marker = block["cache_control"] is JsonObject cc ? cc["ttl"]?.GetValue<string>() ?? "5m" : null;
        return (Math.Max(1, tokens), marker, json);
    }

    private static int CountWords(JsonNode node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Words(v.GetValue<string>()).Length,
        JsonObject o => o.Where(p => p.Key is not ("type" or "cache_control" or "id" or "signature")).Sum(p => p.Value is null ? 0 : CountWords(p.Value)),
        JsonArray a => a.Sum(n => n is null ? 0 : CountWords(n)),
        _ => 0,
    };

    private static string Sign(string text) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("sig:" + text)));
}
