using System.Runtime.InteropServices;
using System.Text.Json;
using Sluice.Bedrock.Catalogue;
using Sluice.Core.Chat;

namespace Sluice.Bedrock.Converse;

/// <summary>The part of a Converse body a cache point follows a block in.</summary>
internal enum CacheSection
{
    Tools,
    System,
    Messages,
}

/// <summary>
/// A cache point after one block: in <see cref="CacheSection.Tools"/> after tool <c>Index</c>; in System after part
/// <c>Part</c> of message <c>Index</c>, or after the whole system prompt when <c>Index</c> is -1; in Messages after
/// part <c>Part</c> of message <c>Index</c>, or after the whole message when <c>Part</c> is -1.
/// </summary>
internal readonly record struct CachePoint(CacheSection Section, int Index, int Part, bool OneHour);

/// <summary>
/// Decides where Converse <c>cachePoint</c> blocks go: after the caller's <c>cache_control</c> markers and, with
/// <see cref="PromptCachingMode.Auto"/>, after the tools, the system prompt and the latest turn. Nothing is planned for
/// models without prompt caching (Bedrock refuses every call that carries a cache point there). Beyond the model's
/// checkpoint limit the last points are kept, as they cover the longest prefixes.
/// </summary>
internal sealed class ConverseCachePlan
{
    /// <summary>Characters per token for the size estimate, the usual rule of thumb for English text and JSON.</summary>
    internal const int CharsPerToken = 4;

    public static readonly ConverseCachePlan None = new([]);

    private readonly List<CachePoint> _points;

    private ConverseCachePlan(List<CachePoint> points) => _points = points;

    public static ConverseCachePlan Build(ChatRequest request, ConverseOptions options, ToolConfigMode tools)
    {
        var caps = options.Capabilities;
        if (!caps.PromptCaching || caps.CacheMaxCheckpoints <= 0 || options.PromptCaching == PromptCachingMode.Off)
        {
            return None;
        }

        var auto = options.PromptCaching == PromptCachingMode.Auto;
        if (!auto && !HasMarkers(request))
        {
            return None;
        }

        var builder = new Builder(auto ? Math.Max(1, caps.CacheMinTokens) * CharsPerToken : 0);
        builder.AddTools(request, tools, caps.CacheTools);
        builder.AddSystem(request);
        builder.AddMessages(request);
        return builder.Finish(caps);
    }

    /// <summary>Writes a cachePoint block when one is planned right after the block just written.</summary>
    public void WriteIfAt(Utf8JsonWriter writer, CacheSection section, int index, int part)
    {
        for (var i = 0; i < _points.Count; i++)
        {
            var p = _points[i];
            if (p.Section == section && p.Index == index && p.Part == part)
            {
                Write(writer, p.OneHour);
                return;
            }
        }
    }

    private static void Write(Utf8JsonWriter writer, bool oneHour)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("cachePoint"u8);
        writer.WriteStartObject();
        writer.WriteString("type"u8, "default"u8);
        if (oneHour)
        {
            writer.WriteString("ttl"u8, "1h"u8);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static bool HasMarkers(ChatRequest request)
    {
        if (request.Tools is { } tools)
        {
            foreach (var t in tools)
            {
                if (t.CacheControl is not null) return true;
            }
        }

        foreach (var m in request.Messages)
        {
            if (m.CacheControl is not null) return true;
            foreach (var part in m.Content)
            {
                if (part.CacheControl is not null) return true;
            }
        }

        return false;
    }

    /// <summary>Walks the body in wire order, counting characters and blocks to size and de-duplicate points.</summary>
    private sealed class Builder(int autoMinChars)
    {
        private readonly List<CachePoint> _points = [];
        private long _chars;
        private long _charsAtLastPoint;
        private int _blocks;
        private int _blocksAtLastPoint = -1;

        private bool Auto => autoMinChars > 0;

        public void AddTools(ChatRequest request, ToolConfigMode mode, bool cacheable)
        {
            if (mode != ToolConfigMode.RequestTools || request.Tools is not { Count: > 0 } tools)
            {
                return;
            }

            for (var i = 0; i < tools.Count; i++)
            {
                var t = tools[i];
                if (Auto)
                {
                    _chars += t.Name.Length + (t.Description?.Length ?? 0) +
                        (t.Parameters is { ValueKind: JsonValueKind.Object } schema ? JsonMarshal.GetRawUtf8Value(schema).Length : 0);
                }

                _blocks++;
                if (cacheable && t.CacheControl is { } marker)
                {
                    Add(new CachePoint(CacheSection.Tools, i, -1, marker.IsOneHour));
                }
            }

            if (cacheable)
            {
                AddAuto(new CachePoint(CacheSection.Tools, tools.Count - 1, -1, false));
            }
        }

        public void AddSystem(ChatRequest request)
        {
            var any = false;
            for (var i = 0; i < request.Messages.Count; i++)
            {
                var m = request.Messages[i];
                if (m.Role is not (ChatRole.System or ChatRole.Developer))
                {
                    continue;
                }

                var last = -1;
                for (var j = 0; j < m.Content.Count; j++)
                {
                    if (m.Content[j] is not TextPart t || string.IsNullOrWhiteSpace(t.Text))
                    {
                        continue;
                    }

                    _chars += t.Text.Length;
                    _blocks++;
                    last = j;
                    if (t.CacheControl is { } marker)
                    {
                        Add(new CachePoint(CacheSection.System, i, j, marker.IsOneHour));
                    }
                }

                if (last >= 0 && m.CacheControl is { } whole)
                {
                    Add(new CachePoint(CacheSection.System, i, last, whole.IsOneHour));
                }

                any |= last >= 0;
            }

            if (request.ResponseFormat is { Kind: ResponseFormatKind.JsonObject })
            {
                _chars += ConverseRequestWriter.JsonObjectInstruction.Length;
                _blocks++;
                any = true;
            }

            if (any)
            {
                AddAuto(new CachePoint(CacheSection.System, -1, -1, false));
            }
        }

        public void AddMessages(ChatRequest request)
        {
            var latest = -1;
            for (var i = 0; i < request.Messages.Count; i++)
            {
                var m = request.Messages[i];
                if (m.Role is ChatRole.System or ChatRole.Developer)
                {
                    continue;
                }

                latest = i;
                var marked = m.CacheControl;
                for (var j = 0; j < m.Content.Count; j++)
                {
                    var part = m.Content[j];
                    var written = part is ImagePart || (part is TextPart t && !string.IsNullOrWhiteSpace(t.Text));
                    if (!written)
                    {
                        continue;
                    }

                    _chars += part is TextPart text ? text.Text.Length : 0;
                    _blocks++;
                    if (part.CacheControl is not { } marker)
                    {
                        continue;
                    }

                    // Only a user message's own parts are blocks of the Bedrock message; an assistant's text is
                    // followed by its tool calls and a tool result's parts sit inside the toolResult block.
                    if (m.Role == ChatRole.User)
                    {
                        Add(new CachePoint(CacheSection.Messages, i, j, marker.IsOneHour));
                    }
                    else
                    {
                        marked ??= marker;
                    }
                }

                if (m.ToolCalls is { } calls)
                {
                    foreach (var call in calls)
                    {
                        _chars += call.Name.Length + call.ArgumentsJson.Length;
                        _blocks++;
                    }
                }

                if (m.Role == ChatRole.Tool)
                {
                    _blocks++;
                }

                // An assistant turn with nothing but reasoning is not followed by a cache point: Bedrock refuses one
                // right after a reasoning block.
                if (marked is not null && (m.Role != ChatRole.Assistant || HasAssistantBlocks(m)))
                {
                    Add(new CachePoint(CacheSection.Messages, i, -1, marked.IsOneHour));
                }
            }

            if (latest >= 0 && (request.Messages[latest].Role != ChatRole.Assistant || HasAssistantBlocks(request.Messages[latest])))
            {
                AddAuto(new CachePoint(CacheSection.Messages, latest, -1, false));
            }
        }

        public ConverseCachePlan Finish(BedrockCapabilities caps)
        {
            if (_points.Count == 0)
            {
                return None;
            }

            if (_points.Count > caps.CacheMaxCheckpoints)
            {
                _points.RemoveRange(0, _points.Count - caps.CacheMaxCheckpoints);
            }

            // Bedrock requires TTLs that never grow along the body, and refuses 1h where the model lacks it: a 1h
            // point after a 5m one (or on such a model) is written as the default 5m.
            var allowLong = caps.CacheTtl1h;
            for (var i = 0; i < _points.Count; i++)
            {
                var p = _points[i];
                if (p.OneHour && !allowLong)
                {
                    _points[i] = p with { OneHour = false };
                }

                allowLong &= p.OneHour;
            }

            return new ConverseCachePlan(_points);
        }

        private static bool HasAssistantBlocks(ChatMessage m)
        {
            if (m.ToolCalls is { Count: > 0 })
            {
                return true;
            }

            foreach (var part in m.Content)
            {
                if (part is TextPart t && !string.IsNullOrWhiteSpace(t.Text)) return true;
            }

            return false;
        }

        private void Add(CachePoint point)
        {
            // Two markers with no block between them (a marked last part of a marked message) are one point.
            if (_blocks == _blocksAtLastPoint)
            {
                return;
            }

            _points.Add(point);
            _blocksAtLastPoint = _blocks;
            _charsAtLastPoint = _chars;
        }

        private void AddAuto(CachePoint point)
        {
            if (Auto && _chars - _charsAtLastPoint >= autoMinChars)
            {
                Add(point);
            }
        }
    }
}
