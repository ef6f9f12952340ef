using System.Buffers;
using System.Text.Json;
using Sluice.Bedrock.Converse;
using Sluice.Core.Errors;
using Sluice.Core.Images;

namespace Sluice.Bedrock.Invoke;

/// <summary>Stable Diffusion 3.5 / Stable Image text-to-image bodies: one image per call.</summary>
public static class StabilityImageMapper
{
    /// <summary>Validates and writes <c>{"prompt","negative_prompt","aspect_ratio","output_format":"png","seed"}</c>.</summary>
    public static void ToStabilityRequest(ImageRequest request, string modelId, IBufferWriter<byte> output)
    {
        var ratio = ImageRequestRules.StabilityAspectRatio(request, modelId);
        using var writer = new Utf8JsonWriter(output, ConverseRequestWriter.WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("prompt"u8, request.Prompt);
        if (!string.IsNullOrWhiteSpace(request.NegativePrompt))
        {
            writer.WriteString("negative_prompt"u8, request.NegativePrompt);
        }

        writer.WriteString("aspect_ratio"u8, ratio);
        writer.WriteString("output_format"u8, "png");
        if (request.Seed is { } seed)
        {
            writer.WriteNumber("seed"u8, seed);
        }

        writer.WriteEndObject();
    }

    /// <summary>Reads <c>{"images":[...],"finish_reasons":[null|"Filter reason: ..."]}</c>; a filtered image is a 400.</summary>
    public static List<string> FromStabilityResponse(ReadOnlySpan<byte> json)
    {
        var images = new List<string>();
        string? reason = null;
        try
        {
            var reader = new Utf8JsonReader(json);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isImages = reader.ValueTextEquals("images"u8);
                var isReasons = reader.ValueTextEquals("finish_reasons"u8);
                reader.Read();
                if (!isImages && !isReasons)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        continue;
                    }

                    if (isImages)
                    {
                        images.Add(reader.GetString()!);
                    }
                    else
                    {
                        reason ??= reader.GetString();
                    }
                }
            }
        }
        catch (JsonException e)
        {
            throw InvokeJson.Unreadable("Stability image", e);
        }

        if (reason is not null && reason.StartsWith("Filter reason", StringComparison.Ordinal))
        {
            throw new GatewayException(new GatewayError(400, ErrorTypes.InvalidRequest, "content_policy_violation",
                $"The image model's safety filter blocked this request ({reason}).", "prompt"));
        }

        if (reason is not null || images.Count == 0)
        {
            throw new GatewayException(new GatewayError(502, ErrorTypes.Upstream, "image_generation_failed",
                "Bedrock returned no image" + (reason is null ? "." : ": " + reason)));
        }

        return images;
    }
}
