using System.Text;
using System.Text.Json;

namespace Sluice.Gateway.Pipeline;

/// <summary>
/// Names the JSON field that holds a given byte of a body, as the parsers name parameters
/// (<c>messages[0].content[1].text</c>). Used only to word an error, so it may walk the body a second time.
/// </summary>
public static class JsonPathLocator
{
    /// <summary>
    /// The path of the value (or, with <paramref name="inName"/>, of the object whose property name) that contains
    /// <paramref name="offset"/>; null when the body is not walkable JSON up to that point.
    /// </summary>
    public static string? PathAt(ReadOnlySpan<byte> json, int offset, out bool inName)
    {
        inName = false;
        var frames = new List<Frame>();
        var reader = new Utf8JsonReader(json, isFinalBlock: true, new JsonReaderState(new JsonReaderOptions { MaxDepth = int.MaxValue }));
        try
        {
            while (reader.Read())
            {
                var start = (int)reader.TokenStartIndex;
                var end = (int)reader.BytesConsumed;
                if (offset < start) return null; // between tokens: not inside any field
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        if (offset >= start && offset < end)
                        {
                            inName = true;
                            return Format(frames, includeLast: false);
                        }

                        frames[^1] = frames[^1] with { Name = Readable(reader.ValueSpan) };
                        continue;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        Advance(frames);
                        frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray, -1, null));
                        continue;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        continue;
                    default:
                        Advance(frames);
                        if (offset >= start && offset < end) return Format(frames, includeLast: true);
                        continue;
                }
            }
        }
        catch (JsonException)
        {
            // The body breaks off before the offset: no path to name.
        }

        return null;
    }

    private static void Advance(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray) frames[^1] = frames[^1] with { Index = frames[^1].Index + 1 };
    }

    private static string Format(List<Frame> frames, bool includeLast)
    {
        var path = new StringBuilder();
        for (var i = 0; i < frames.Count; i++)
        {
            var frame = frames[i];
            var last = i == frames.Count - 1;
            if (last && !includeLast) break;
            if (frame.IsArray) path.Append('[').Append(frame.Index).Append(']');
            else if (frame.Name is { } name) path.Append(path.Length > 0 ? "." : "").Append(name);
        }

        return path.ToString();
    }

    // A name is shown only when it is plain ASCII and short; anything else is what broke the body in the first place.
    private static string Readable(ReadOnlySpan<byte> raw)
    {
        if (raw.Length > 64) return "…";
        foreach (var b in raw)
        {
            if (b is < 0x20 or >= 0x7F or (byte)'\\') return "…";
        }

        return Encoding.ASCII.GetString(raw);
    }

    private readonly record struct Frame(bool IsArray, int Index, string? Name);
}
