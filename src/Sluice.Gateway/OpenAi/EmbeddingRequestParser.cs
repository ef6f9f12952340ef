using Sluice.Gateway.Pipeline;
using Sluice.Core.Errors;
using System.Text.Json;
using Sluice.Core.Embeddings;
using static Sluice.Gateway.OpenAi.JsonRead;

namespace Sluice.Gateway.OpenAi;

/// <summary>Parses an OpenAI <c>/v1/embeddings</c> body; <paramref name="Base64"/> reports <c>encoding_format</c>.</summary>
internal static class EmbeddingRequestParser
{
    public static EmbeddingRequest Parse(ReadOnlySpan<byte> body, out bool base64)
    {
        var json = RequestJson.Check(body);
        try
        {
            var reader = new Utf8JsonReader(json, isFinalBlock: true, new JsonReaderState(Options));
            Root(ref reader);
            string? model = null, user = null, inputType = null;
            List<string>? inputs = null;
            int? dimensions = null;
            base64 = false;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                if (reader.ValueTextEquals("model"u8)) { Value(ref reader); model = String(ref reader, "model"); }
                else if (reader.ValueTextEquals("input"u8)) { Value(ref reader); inputs = ReadInput(ref reader); }
                else if (reader.ValueTextEquals("dimensions"u8))
                {
                    Value(ref reader);
                    dimensions = OptionalInt(ref reader, "dimensions");
                    if (dimensions is <= 0) throw Invalid("dimensions", "'dimensions' must be a positive integer.");
                }
                else if (reader.ValueTextEquals("encoding_format"u8))
                {
                    Value(ref reader);
                    base64 = OptionalString(ref reader, "encoding_format") switch
                    {
                        null or "float" => false,
                        "base64" => true,
                        var other => throw Invalid("encoding_format", $"'{CallerText.Quote(other)}' is not a valid encoding_format; use float or base64."),
                    };
                }
                else if (reader.ValueTextEquals("user"u8)) { Value(ref reader); user = OptionalString(ref reader, "user"); }
                else if (reader.ValueTextEquals("input_type"u8)) { Value(ref reader); inputType = OptionalString(ref reader, "input_type"); }
                else
                {
                    Value(ref reader);
                    reader.Skip();
                }
            }

            End(ref reader);
            if (model is null) throw Invalid("model", "'model' is required: name a model as 'account/model' (GET /v1/models lists them).", "missing_required_parameter");
            if (inputs is null) throw Invalid("input", "'input' is required: a string or an array of strings.", "missing_required_parameter");
            return new EmbeddingRequest { Model = model, Inputs = inputs, Dimensions = dimensions, InputType = inputType, User = user };
        }
        catch (JsonException e)
        {
            throw RequestJson.Malformed(e, json);
        }
    }

    private static List<string> ReadInput(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString()!;
            if (text.Length == 0) throw Invalid("input", "'input' must not be empty.");
            return [text];
        }

        if (reader.TokenType != JsonTokenType.StartArray) throw Type("input", "a string or an array of strings");
        var inputs = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType is JsonTokenType.Number or JsonTokenType.StartArray)
                throw Unsupported("input", "Token arrays are not supported as 'input'; send the text as a string or an array of strings.");
            if (!TryString(ref reader, out var text)) throw Type($"input[{inputs.Count}]", "a string");
            if (text!.Length == 0) throw Invalid($"input[{inputs.Count}]", $"'input[{inputs.Count}]' must not be empty.");
            inputs.Add(text);
        }

        if (inputs.Count == 0) throw Invalid("input", "'input' must hold at least one string.");
        return inputs;
    }
}
