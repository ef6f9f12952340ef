using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sluice.Core.Errors;
using Sluice.Gateway.Json;

namespace Sluice.Gateway.Pipeline;

/// <summary>
/// Reads the request metadata header (<c>X-Sluice-Metadata</c>, or TrueFoundry's <c>X-TFY-METADATA</c>): a JSON object
/// of string values that is stored with the call's usage record, so usage can be filtered and grouped by its keys.
/// </summary>
public static class RequestMetadata
{
    public const string Header = "X-Sluice-Metadata";
    public const string TrueFoundryHeader = "X-TFY-METADATA";
    public const int MaxBytes = 4096;
    public const int MaxKeys = 32;
    public const int MaxKeyLength = 64;

    /// <summary>
    /// The metadata as compact JSON with sorted keys, or null when no header was sent (no allocation then).
    /// Throws a 400 <see cref="GatewayException"/> naming the header when it is not a small JSON object of strings.
    /// </summary>
    public static string? Read(IHeaderDictionary headers)
    {
        string name;
        string? text;
        if (headers.TryGetValue(Header, out var sluice)) (name, text) = (Header, sluice.ToString());
        else if (headers.TryGetValue(TrueFoundryHeader, out var tfy)) (name, text) = (TrueFoundryHeader, tfy.ToString());
        else return null;

        return Normalize(text, name);
    }

    /// <summary>Validates and re-encodes <paramref name="text"/>; <paramref name="name"/> is used in error messages.</summary>
    public static string? Normalize(string text, string name)
    {
        if (Encoding.UTF8.GetByteCount(text) > MaxBytes)
        {
            throw Invalid(name, $"The header {name} is longer than {MaxBytes} bytes.");
        }

        var pairs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Invalid(name, $"The header {name} must be a JSON object of string values, like {{\"project\":\"search\"}}.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.GetString()!;
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    throw Invalid(name, $"The header {name}: the value of \"{key}\" must be a string.");
                }

                if (key.Length is 0 or > MaxKeyLength)
                {
                    throw Invalid(name, $"The header {name}: keys must be 1 to {MaxKeyLength} characters.");
                }

                if (!pairs.TryAdd(key, reader.GetString()!))
                {
                    throw Invalid(name, $"The header {name}: the key \"{key}\" appears twice.");
                }

                if (pairs.Count > MaxKeys)
                {
                    throw Invalid(name, $"The header {name} has more than {MaxKeys} keys.");
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                throw Invalid(name, $"The header {name} must be a single JSON object.");
            }
        }
        catch (JsonException)
        {
            throw Invalid(name, $"The header {name} is not valid JSON; send a JSON object of string values, like {{\"project\":\"search\"}}.");
        }

        return pairs.Count == 0 ? null : Encode(pairs);
    }

    /// <summary>The compact encoding of one pair, as it appears inside a stored metadata object.</summary>
    public static string Fragment(string key, string value)
    {
        var json = Encode(new SortedDictionary<string, string>(StringComparer.Ordinal) { [key] = value });
        return json[1..^1];
    }

    /// <summary>Parses stored metadata (written by <see cref="Read"/>), or an empty map for null.</summary>
    public static Dictionary<string, string> Parse(string? json)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (json is null) return pairs;
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            pairs[key] = reader.GetString() ?? "";
        }

        return pairs;
    }

    private static string Encode(SortedDictionary<string, string> pairs)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, GatewayJson.WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var (k, v) in pairs) writer.WriteString(k, v);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static GatewayException Invalid(string header, string message) =>
        new(GatewayError.InvalidRequest(message, header, "invalid_metadata"));
}
