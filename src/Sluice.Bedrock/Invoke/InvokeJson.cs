using System.Text.Json;
using Sluice.Core.Errors;

namespace Sluice.Bedrock.Invoke;

/// <summary>Reading helpers shared by the InvokeModel body readers.</summary>
internal static class InvokeJson
{
    /// <summary>Reads a JSON array of numbers; the reader is on its StartArray and ends on its EndArray.</summary>
    public static float[] ReadFloats(ref Utf8JsonReader reader, int capacityHint)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("expected an array of numbers");
        }

        var values = new List<float>(capacityHint);
        while (reader.Read() && reader.TokenType == JsonTokenType.Number)
        {
            values.Add(reader.GetSingle());
        }

        return values.ToArray();
    }

    public static GatewayException Unreadable(string what, Exception inner) =>
        new(new GatewayError(502, ErrorTypes.Upstream, "invalid_upstream_response", $"Bedrock returned a {what} response that could not be read: {inner.Message}"), inner);
}
