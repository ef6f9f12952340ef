using System.Buffers;
using System.Text.Json;
using Sluice.Bedrock.Converse;
using Sluice.Core.Errors;

namespace Sluice.Bedrock.Invoke;

/// <summary>One Titan embedding with the token count Bedrock billed for its input.</summary>
public readonly record struct TitanEmbedding(float[] Vector, int InputTokens);

/// <summary>Titan Text Embeddings G1/V2 InvokeModel bodies: one call per input text.</summary>
public static class TitanEmbeddingMapper
{
    /// <summary>Refuses dimensions the model cannot produce (V2: 256, 512, 1024; G1: 1536 only).</summary>
    public static void ValidateDimensions(int? dimensions, bool v2, string modelId)
    {
        if (dimensions is null)
        {
            return;
        }

        if (v2 && dimensions is not (256 or 512 or 1024))
        {
            throw new GatewayException(GatewayError.InvalidRequest($"dimensions must be 256, 512 or 1024 for {modelId} (got {dimensions}).", "dimensions"));
        }

        if (!v2 && dimensions != 1536)
        {
            throw new GatewayException(GatewayError.InvalidRequest($"{modelId} always returns 1536 dimensions; remove dimensions (got {dimensions}).", "dimensions"));
        }
    }

    /// <summary>Writes <c>{"inputText":...,"dimensions":N}</c> (G1 takes only inputText).</summary>
    public static void ToTitanEmbedRequest(string input, int? dimensions, bool v2, IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output, ConverseRequestWriter.WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("inputText"u8, input);
        if (v2 && dimensions is { } d)
        {
            writer.WriteNumber("dimensions"u8, d);
        }

        writer.WriteEndObject();
    }

    /// <summary>Reads <c>{"embedding":[...],"inputTextTokenCount":N}</c>.</summary>
    public static TitanEmbedding FromTitanEmbedResponse(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            float[]? vector = null;
            var tokens = 0;
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("embedding"u8))
                {
                    reader.Read();
                    vector = InvokeJson.ReadFloats(ref reader, 1024);
                }
                else if (reader.ValueTextEquals("inputTextTokenCount"u8))
                {
                    reader.Read();
                    tokens = reader.GetInt32();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return new TitanEmbedding(vector ?? throw new JsonException("embedding is missing"), tokens);
        }
        catch (JsonException e)
        {
            throw InvokeJson.Unreadable("Titan embedding", e);
        }
    }
}
