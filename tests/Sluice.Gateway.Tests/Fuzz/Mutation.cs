using System.Text;
using CsCheck;

namespace Sluice.Gateway.Tests.Fuzz;

/// <summary>One edit of a seed input: where (as a fraction of its length), how much, and what is put in.</summary>
public readonly record struct Mutation(int Kind, double At, double Span, byte Byte, int Token)
{
    /// <summary>Pieces that break JSON and YAML in interesting ways: encodings, escapes, structure, extreme numbers.</summary>
    public static readonly byte[][] Tokens =
    [
        [0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xEF, 0xBB, 0xBF], [0x00],
        Utf8("\\ud83d"), Utf8("\\udc00"), Utf8("\\ud83d\\ude00"), Utf8("\\"), Utf8("\\u00"), Utf8("\""),
        Utf8("{"), Utf8("}"), Utf8("["), Utf8("]"), Utf8(","), Utf8(":"), Utf8("null"), Utf8("true"),
        Utf8("1e999"), Utf8("-0"), Utf8("99999999999999999999"), Utf8("0.0000001"), Utf8("-1"), Utf8("\"\""),
        Utf8("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["),
        Utf8("{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":"), Utf8("\n"), Utf8("\t"), Utf8("- "), Utf8("&a "), Utf8("*a"),
        Utf8("!!binary "), Utf8("---\n"), Utf8("é"), Utf8("😀"), Utf8("data:image/png;base64,"), Utf8("http://127.0.0.1/"),
        Utf8("\"type\":\"image_url\""), Utf8("\"role\":\"tool\""), Utf8("\"tool_calls\":[]"), Utf8("\"stream\":true"),
    ];

    /// <summary>One to three edits, drawn by CsCheck from its PCG.</summary>
    public static readonly Gen<Mutation[]> Edits =
        Gen.Select(Gen.Int[0, 5], Gen.Double[0, 1], Gen.Double[0, 1], Gen.Byte, Gen.Int[0, Tokens.Length - 1],
                (kind, at, span, b, token) => new Mutation(kind, at, span, b, token))
            .Array[1, 3];

    /// <summary>Applies the edits in order to a copy of <paramref name="seed"/>.</summary>
    public static byte[] Apply(byte[] seed, Mutation[] edits)
    {
        var data = new List<byte>(seed);
        foreach (var e in edits)
        {
            var at = (int)(e.At * data.Count);
            var length = Math.Min(data.Count - at, 1 + (int)(e.Span * 16));
            switch (e.Kind)
            {
                case 0 when data.Count > 0 && at < data.Count: data[at] = e.Byte; break; // overwrite one byte
                case 1: data.InsertRange(at, Tokens[e.Token]); break; // insert a token
                case 2 when length > 0: data.RemoveRange(at, length); break; // delete a run
                case 3: data.RemoveRange(at, data.Count - at); break; // truncate
                case 4 when length > 0: data.InsertRange(at, data.GetRange(at, length)); break; // duplicate a run
                default:
                    // Replace a run with a token: changes a value's type or breaks a string.
                    if (length > 0) data.RemoveRange(at, length);
                    data.InsertRange(at, Tokens[e.Token]);
                    break;
            }
        }

        return [.. data];
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
