using System.Buffers;
using System.Text.Json;
using Sluice.Bedrock.Converse;
using Sluice.Core.Errors;

namespace Sluice.Bedrock.Invoke;

/// <summary>Cohere Embed v3 InvokeModel bodies: up to <see cref="MaxTexts"/> texts per call.</summary>
public static class CohereEmbeddingMapper
{
    /// <summary>Bedrock's limit on texts in one Cohere embed call.</summary>
    public const int MaxTexts = 96;

    /// <summary>Used when the caller gives no <c>input_type</c>: embedding documents is the common case.</summary>
    public const string DefaultInputType = "search_document";

    /// <summary>Refuses input types and dimensions Cohere v3 does not take.</summary>
    public static void Validate(string? inputType, int? dimensions, string modelId)
    {
        if (inputType is not (null or "search_document" or "search_query" or "classification" or "clustering"))
        {
            throw new GatewayException(GatewayError.InvalidRequest($"input_type must be search_document, search_query, classification or clustering for {modelId} (got '{inputType}').", "input_type"));
        }

        if (dimensions is not (null or 1024))
        {
            throw new GatewayException(GatewayError.InvalidRequest($"{modelId} always returns 1024 dimensions; remove dimensions (got {dimensions}).", "dimensions"));
        }
    }

    /// <summary>Writes <c>{"texts":[...],"input_type":"..."}</c> for <paramref name="count"/> inputs from <paramref name="start"/>.</summary>
    public static void ToCohereEmbedRequest(IReadOnlyList<string> inputs, int start, int count, string? inputType, IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output, ConverseRequestWriter.WriterOptions);
        writer.WriteStartObject();
        writer.WritePropertyName("texts"u8);
        writer.WriteStartArray();
        for (var i = start; i < start + count; i++)
        {
            writer.WriteStringValue(inputs[i]);
        }

        writer.WriteEndArray();
        writer.WriteString("input_type"u8, inputType ?? DefaultInputType);
        writer.WriteEndObject();
    }

    /// <summary>Appends the vectors of <c>{"embeddings":[[...]]}</c> or <c>{"embeddings":{"float":[[...]]}}</c> to <paramref name="vectors"/>.</summary>
    public static void FromCohereEmbedResponse(ReadOnlySpan<byte> json, List<float[]> vectors)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            var found = false;
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!reader.ValueTextEquals("embeddings"u8))
                {
                    reader.Read();
                    reader.Skip();
                    continue;
                }

                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var isFloat = reader.ValueTextEquals("float"u8);
                        reader.Read();
                        if (isFloat)
                        {
                            ReadVectors(ref reader, vectors);
                            found = true;
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                }
                else
                {
                    ReadVectors(ref reader, vectors);
                    found = true;
                }
            }

            if (!found)
            {
                throw new JsonException("embeddings is missing");
            }
        }
        catch (JsonException e)
        {
            throw InvokeJson.Unreadable("Cohere embedding", e);
        }
    }

    private static void ReadVectors(ref Utf8JsonReader reader, List<float[]> vectors)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("expected an array of vectors");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            vectors.Add(InvokeJson.ReadFloats(ref reader, 1024));
        }
    }
}
