using System.Buffers;
using System.Text.Json;
using Sluice.Bedrock.Converse;
using Sluice.Core.Errors;
using Sluice.Core.Images;

namespace Sluice.Bedrock.Invoke;

/// <summary>Titan Image Generator v2 and Nova Canvas TEXT_IMAGE bodies (both take the same shape).</summary>
public static class AmazonImageMapper
{
    /// <summary>Validates and writes the TEXT_IMAGE body; <paramref name="modelId"/> picks Titan or Nova Canvas limits.</summary>
    public static void ToTextImageRequest(ImageRequest request, string modelId, IBufferWriter<byte> output)
    {
        if (modelId.Contains("nova-canvas", StringComparison.Ordinal))
        {
            ImageRequestRules.ValidateNovaCanvas(request, modelId);
        }
        else
        {
            ImageRequestRules.ValidateTitan(request, modelId);
        }

        using var writer = new Utf8JsonWriter(output, ConverseRequestWriter.WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("taskType"u8, "TEXT_IMAGE");
        writer.WritePropertyName("textToImageParams"u8);
        writer.WriteStartObject();
        writer.WriteString("text"u8, request.Prompt);
        if (!string.IsNullOrWhiteSpace(request.NegativePrompt))
        {
            writer.WriteString("negativeText"u8, request.NegativePrompt);
        }

        writer.WriteEndObject();
        writer.WritePropertyName("imageGenerationConfig"u8);
        writer.WriteStartObject();
        writer.WriteNumber("numberOfImages"u8, request.Count);
        writer.WriteString("quality"u8, request.Quality is "hd" or "high" ? "premium" : "standard");
        writer.WriteNumber("height"u8, request.Height);
        writer.WriteNumber("width"u8, request.Width);
        if (request.Seed is { } seed)
        {
            writer.WriteNumber("seed"u8, seed);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Reads <c>{"images":["base64"...],"error":null}</c>.</summary>
    public static List<string> FromTextImageResponse(ReadOnlySpan<byte> json)
    {
        List<string>? images = null;
        string? error = null;
        try
        {
            var reader = new Utf8JsonReader(json);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("images"u8))
                {
                    reader.Read();
                    images = [];
                    while (reader.Read() && reader.TokenType == JsonTokenType.String)
                    {
                        images.Add(reader.GetString()!);
                    }
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    reader.Read();
                    error = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException e)
        {
            throw InvokeJson.Unreadable("image", e);
        }

        if (!string.IsNullOrEmpty(error) || images is null or { Count: 0 })
        {
            throw new GatewayException(new GatewayError(502, ErrorTypes.Upstream, "image_generation_failed",
                "Bedrock returned no image" + (string.IsNullOrEmpty(error) ? "." : ": " + error)));
        }

        return images;
    }
}
