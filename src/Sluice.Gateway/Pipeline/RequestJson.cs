using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using Sluice.Core.Errors;

namespace Sluice.Gateway.Pipeline;

/// <summary>
/// The checks every JSON request body passes once, before it is parsed: a UTF-8 byte-order mark is skipped, the text
/// must be UTF-8, and a <c>\u</c> escape may not leave a surrogate unpaired (what <c>JSON.stringify</c> produces for
/// a string cut inside an emoji). Without them the JSON reader fails only when a string is read, with an exception
/// that is not a <see cref="JsonException"/>, and the caller got a 500. Both checks are vectorised scans of the bytes.
/// </summary>
public static class RequestJson
{
    /// <summary>How deeply a body may nest: JSON Schemas of tools are legitimately deep.</summary>
    public const int MaxDepth = 256;

    public static readonly JsonReaderOptions Options = new() { MaxDepth = MaxDepth };

    /// <summary>The body without its byte-order mark, after the UTF-8 and escape checks; throws a 400 naming the field.</summary>
    public static ReadOnlySpan<byte> Check(ReadOnlySpan<byte> body)
    {
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) body = body[3..]; // the UTF-8 byte-order mark
        if (!Utf8.IsValid(body)) throw NotUtf8(body, FirstInvalidByte(body));
        var lone = FirstUnpairedSurrogateEscape(body);
        if (lone >= 0) throw UnpairedSurrogate(body, lone);
        return body;
    }

    /// <summary>A 400 for a JSON syntax error, saying so plainly when the body only nests deeper than <see cref="MaxDepth"/>.</summary>
    public static GatewayException Malformed(JsonException e, ReadOnlySpan<byte> json)
    {
        var where = $"line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1} of that line";
        if (DeepestLevel(json) > MaxDepth)
        {
            return new GatewayException(GatewayError.InvalidRequest(
                $"The request body is nested too deeply ({where}): JSON may nest at most {MaxDepth} levels here. Flatten the deepest part, e.g. with $defs and $ref in a JSON Schema.",
                null, "json_too_deep"));
        }

        return new GatewayException(GatewayError.InvalidRequest($"The request body is not valid JSON ({where}).", null, "invalid_json"));
    }

    private static int FirstInvalidByte(ReadOnlySpan<byte> body)
    {
        var i = 0;
        while (i < body.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(body[i..], out _, out var consumed) != System.Buffers.OperationStatus.Done) return i;
            i += consumed;
        }

        return body.Length;
    }

    // -1, or the offset of the backslash of the first \uXXXX escape that is a surrogate without its partner.
    private static int FirstUnpairedSurrogateEscape(ReadOnlySpan<byte> body)
    {
        var from = 0;
        while (true)
        {
            var found = body[from..].IndexOf("\\u"u8);
            if (found < 0) return -1;
            var at = from + found;
            var backslashes = 0;
            for (var j = at - 1; j >= 0 && body[j] == (byte)'\\'; j--) backslashes++;
            if (backslashes % 2 == 1)
            {
                from = at + 1; // an escaped backslash followed by a plain 'u'
                continue;
            }

            var unit = Hex4(body, at + 2);
            if (unit is >= 0xD800 and <= 0xDBFF)
            {
                if (body.Length >= at + 8 && body[at + 6] == (byte)'\\' && body[at + 7] == (byte)'u' && Hex4(body, at + 8) is >= 0xDC00 and <= 0xDFFF)
                {
                    from = at + 12;
                    continue;
                }

                return at;
            }

            if (unit is >= 0xDC00 and <= 0xDFFF) return at;
            from = at + 2;
        }
    }

    private static int Hex4(ReadOnlySpan<byte> body, int at) =>
        at + 4 <= body.Length && Utf8Parser.TryParse(body.Slice(at, 4), out ushort value, out var used, 'X') && used == 4 ? value : -1;

    private static int DeepestLevel(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, isFinalBlock: true, new JsonReaderState(new JsonReaderOptions { MaxDepth = int.MaxValue }));
        var deepest = 0;
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth + 1 > deepest) deepest = reader.CurrentDepth + 1;
            }
        }
        catch (JsonException)
        {
            // The syntax error itself; the depth seen up to it is what counts.
        }

        return deepest;
    }

    private static GatewayException NotUtf8(ReadOnlySpan<byte> body, int offset)
    {
        var where = Where(body, offset, out var param);
        return new GatewayException(GatewayError.InvalidRequest(
            $"The request body is not valid UTF-8: {where} holds bytes that are not UTF-8 text (byte {offset + 1} of the body). Send JSON encoded as UTF-8.",
            param, "invalid_utf8"));
    }

    private static GatewayException UnpairedSurrogate(ReadOnlySpan<byte> body, int offset)
    {
        var escape = System.Text.Encoding.ASCII.GetString(body.Slice(offset, Math.Min(6, body.Length - offset)));
        var where = Where(body, offset, out var param);
        return new GatewayException(GatewayError.InvalidRequest(
            $"{Capitalise(where)} holds the escape {escape} (byte {offset + 1} of the body), half of a surrogate pair without its other half: the text was probably cut inside an emoji. Send whole characters.",
            param, "invalid_unicode_escape"));
    }

    private static string Where(ReadOnlySpan<byte> body, int offset, out string? param)
    {
        var path = JsonPathLocator.PathAt(body, offset, out var inName);
        param = string.IsNullOrEmpty(path) ? null : CallerText.Quote(path);
        if (path is null) return "the body";
        if (inName) return param is null ? "a property name at the top level" : $"a property name in '{param}'";
        return param is null ? "the body" : $"'{param}'";
    }

    private static string Capitalise(string text) =>
        text.Length == 0 ? text : char.ToUpper(text[0], CultureInfo.InvariantCulture) + text[1..];
}
