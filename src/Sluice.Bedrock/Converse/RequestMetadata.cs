using System.Text.Json;

namespace Sluice.Bedrock.Converse;

/// <summary>Bedrock's <c>requestMetadata</c> rules: keys 1–256 and values 0–256 characters of a limited set.</summary>
internal static class RequestMetadata
{
    public static bool IsAllowed(string key, string? value) =>
        value is not null && key.Length is >= 1 and <= 256 && value.Length <= 256 && AllAllowed(key) && AllAllowed(value);

    public static void Start(Utf8JsonWriter writer, ref bool started)
    {
        if (!started)
        {
            writer.WritePropertyName("requestMetadata"u8);
            writer.WriteStartObject();
            started = true;
        }
    }

    // Pattern [a-zA-Z0-9\s:_@$#=/+,-.]: the ",-." in the class is a range, i.e. ',', '-' and '.'.
    private static bool AllAllowed(string s)
    {
        foreach (var c in s)
        {
            var ok = char.IsAsciiLetterOrDigit(c) || c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v'
                or ':' or '_' or '@' or '$' or '#' or '=' or '/' or '+' or ',' or '-' or '.';
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
