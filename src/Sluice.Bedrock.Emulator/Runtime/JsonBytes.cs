using System.Text.Json;

namespace Sluice.Bedrock.Emulator;

/// <summary>Small helper: write JSON with Utf8JsonWriter into a byte array.</summary>
internal static class JsonBytes
{
    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            write(w);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Splits text into word pieces whose concatenation is the text (leading whitespace kept on each piece).</summary>
    public static List<string> WordPieces(string text)
    {
        var pieces = new List<string>();
        var start = 0;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            while (i < text.Length && !char.IsWhiteSpace(text[i])) i++;
            pieces.Add(text[start..i]);
            start = i;
        }

        return pieces;
    }

    /// <summary>Splits a string into n roughly equal parts (for partial tool-input JSON).</summary>
    public static List<string> Split(string s, int parts)
    {
        var list = new List<string>();
        var size = Math.Max(1, (s.Length + parts - 1) / parts);
        for (var i = 0; i < s.Length; i += size)
        {
            list.Add(s.Substring(i, Math.Min(size, s.Length - i)));
        }

        if (list.Count == 0) list.Add("");
        return list;
    }
}
