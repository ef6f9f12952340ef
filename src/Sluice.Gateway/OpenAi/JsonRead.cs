using Sluice.Gateway.Pipeline;
using System.Text.Json;
using Sluice.Core.Errors;

namespace Sluice.Gateway.OpenAi;

/// <summary>
/// Small helpers over <see cref="Utf8JsonReader"/> for request parsing. The reader must sit on the value; the
/// helpers return false on a wrong token type so callers build the parameter path only when there is an error.
/// </summary>
internal static class JsonRead
{
    public static readonly JsonReaderOptions Options = RequestJson.Options;

    public static bool TryString(ref Utf8JsonReader reader, out string? value)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            value = reader.GetString();
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>A string or JSON null (null comes back as null).</summary>
    public static bool TryOptionalString(ref Utf8JsonReader reader, out string? value)
    {
        value = null;
        return reader.TokenType == JsonTokenType.Null || TryString(ref reader, out value);
    }

    public static string String(ref Utf8JsonReader reader, string param) =>
        TryString(ref reader, out var value) ? value! : throw Type(param, "a string");

    public static string? OptionalString(ref Utf8JsonReader reader, string param) =>
        TryOptionalString(ref reader, out var value) ? value : throw Type(param, "a string");

    public static bool? OptionalBool(ref Utf8JsonReader reader, string param) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Null => null,
        _ => throw Type(param, "a boolean"),
    };

    public static int? OptionalInt(ref Utf8JsonReader reader, string param)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value)) return value;
        throw Type(param, "an integer");
    }

    public static double? OptionalNumber(ref Utf8JsonReader reader, string param)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value)) return value;
        throw Type(param, "a number");
    }

    /// <summary>Moves from a property name to its value.</summary>
    public static void Value(ref Utf8JsonReader reader) => reader.Read();

    public static void ExpectObject(ref Utf8JsonReader reader, string param)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw Type(param, "an object");
    }

    public static GatewayException Type(string param, string expected) =>
        new(GatewayError.InvalidRequest($"'{param}' must be {expected}.", param, "invalid_type"));

    public static GatewayException Invalid(string param, string message, string code = "invalid_value") =>
        new(GatewayError.InvalidRequest(message, param, code));

    public static GatewayException Unsupported(string param, string message) =>
        new(GatewayError.InvalidRequest(message, param, "unsupported_parameter"));

    /// <summary>Requires the body's root to be an object and leaves the reader on it.</summary>
    public static void Root(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new GatewayException(GatewayError.InvalidRequest("The request body must be a JSON object.", null, "invalid_json"));
        }
    }

    /// <summary>Rejects anything after the root object.</summary>
    public static void End(ref Utf8JsonReader reader)
    {
        // With isFinalBlock the reader throws on trailing content; a clean end returns false.
        reader.Read();
    }
}
