using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;

namespace Sluice.Gateway.Json;

/// <summary>
/// Escapes only what a JSON string must not contain raw, so every other character goes out as UTF-8 ("é", "😀").
/// </summary>
/// <remarks>
/// <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/> is not enough: it still writes every character outside
/// the Basic Multilingual Plane (emoji) as a <c>\uD83D\uDE00</c> surrogate pair, and a few blocks besides.
/// Escaped here: the quote, the backslash and U+0000–U+001F (RFC 8259 §7); U+2028/U+2029, which older JavaScript
/// rejects inside string literals; and broken UTF-16 (a lone surrogate), written as <c>\uFFFD</c>. HTML-sensitive
/// characters (<c>&lt; &gt; &amp; '</c>) stay as they are: every answer is served as <c>application/json</c> or
/// <c>text/event-stream</c>, which a browser never renders as HTML, and the web UI puts values into the page as text.
/// Both scans are vectorised <see cref="SearchValues{T}"/> searches: text that needs no escaping costs one pass and
/// no allocation.
/// </remarks>
internal sealed class MinimalJsonEncoder : JavaScriptEncoder
{
    public static readonly MinimalJsonEncoder Instance = new();

    private const char ReplacementChar = '\uFFFD';

    // Surrogates are found too, then checked for a partner one by one: a pair passes, a lone one is escaped.
    private static readonly SearchValues<char> CharsToCheck = SearchValues.Create(CharsToCheckList());

    // Non-ASCII bytes are found too, then decoded one scalar at a time (invalid UTF-8, U+2028/U+2029, U+FFFD).
    private static readonly SearchValues<byte> BytesToCheck = SearchValues.Create(BytesToCheckList());

    private MinimalJsonEncoder()
    {
    }

    public override int MaxOutputCharactersPerInputCharacter => 6; // \uXXXX

    public override bool WillEncode(int unicodeScalar) =>
        unicodeScalar < 0x20 || unicodeScalar is '"' or '\\' or 0x2028 or 0x2029 or ReplacementChar;

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength) =>
        FirstToEncode(new ReadOnlySpan<char>(text, textLength));

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text)
    {
        var offset = 0;
        while (true)
        {
            var found = utf8Text[offset..].IndexOfAny(BytesToCheck);
            if (found < 0) return -1;
            var at = offset + found;
            if (utf8Text[at] < 0x80) return at;
            if (Rune.DecodeFromUtf8(utf8Text[at..], out var rune, out var consumed) != OperationStatus.Done || WillEncode(rune.Value))
            {
                return at;
            }

            offset = at + consumed;
        }
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var destination = new Span<char>(buffer, bufferLength);
        if (!WillEncode(unicodeScalar))
        {
            // The base class asks only for scalars WillEncode accepts; a supplementary one is two UTF-16 units.
            var ok = new Rune(unicodeScalar).TryEncodeToUtf16(destination, out numberOfCharactersWritten);
            return ok;
        }

        char? shortForm = unicodeScalar switch
        {
            '"' => '"',
            '\\' => '\\',
            '\n' => 'n',
            '\r' => 'r',
            '\t' => 't',
            '\b' => 'b',
            '\f' => 'f',
            _ => null,
        };
        if (shortForm is { } c)
        {
            if (destination.Length < 2) return Fail(out numberOfCharactersWritten);
            destination[0] = '\\';
            destination[1] = c;
            numberOfCharactersWritten = 2;
            return true;
        }

        if (destination.Length < 6) return Fail(out numberOfCharactersWritten);
        destination[0] = '\\';
        destination[1] = 'u';
        ((uint)unicodeScalar).TryFormat(destination[2..], out _, "X4");
        numberOfCharactersWritten = 6;
        return true;
    }

    private static int FirstToEncode(ReadOnlySpan<char> text)
    {
        var offset = 0;
        while (true)
        {
            var found = text[offset..].IndexOfAny(CharsToCheck);
            if (found < 0) return -1;
            var at = offset + found;
            var c = text[at];
            if (!char.IsSurrogate(c)) return at;
            if (char.IsHighSurrogate(c) && at + 1 < text.Length && char.IsLowSurrogate(text[at + 1]))
            {
                offset = at + 2;
                continue;
            }

            return at;
        }
    }

    private static bool Fail(out int written)
    {
        written = 0;
        return false;
    }

    private static string CharsToCheckList()
    {
        var chars = new StringBuilder();
        for (var c = '\0'; c < ' '; c++) chars.Append(c);
        chars.Append("\"\\\u2028\u2029").Append(ReplacementChar);
        for (var c = '\uD800'; c <= '\uDFFF'; c++) chars.Append(c);
        return chars.ToString();
    }

    private static byte[] BytesToCheckList()
    {
        var bytes = new List<byte>();
        for (var b = 0; b < 0x20; b++) bytes.Add((byte)b);
        bytes.Add((byte)'"');
        bytes.Add((byte)'\\');
        for (var b = 0x80; b <= 0xFF; b++) bytes.Add((byte)b);
        return [.. bytes];
    }
}
