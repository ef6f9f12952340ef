using System.Buffers;
using System.Text.Json;
using Sluice.Core.Chat;
using Sluice.Core.Errors;
using Sluice.Core.Images;
using Sluice.OpenAI.Chat;

namespace Sluice.OpenAI.Images;

/// <summary>Core's image request to OpenAI's <c>/images/generations</c> body, and its answer back (base64 images).</summary>
public static class ImageConverter
{
    public static void ToOpenAiImageRequest(ImageRequest request, string model, bool modelInBody, IBufferWriter<byte> output)
    {
        if (request.NegativePrompt is not null)
        {
            throw new GatewayException(GatewayError.InvalidRequest("OpenAI image models take no negative prompt; describe what to avoid in the prompt instead.", "negative_prompt"));
        }

        if (request.Seed is not null)
        {
            throw new GatewayException(GatewayError.InvalidRequest("OpenAI image models take no seed.", "seed"));
        }

        // gpt-image models always answer in base64 and refuse response_format; DALL·E needs it asked for.
        var gptImage = model.StartsWith("gpt-image", StringComparison.Ordinal);
        using var w = new Utf8JsonWriter(output, WireJson.WriterOptions);
        w.WriteStartObject();
        if (modelInBody) w.WriteString("model"u8, model);
        w.WriteString("prompt"u8, request.Prompt);
        w.WriteNumber("n"u8, request.Count);
        w.WriteString("size"u8, $"{request.Width}x{request.Height}");
        if (request.Quality is { } quality) w.WriteString("quality"u8, gptImage ? GptImageQuality(quality) : quality);
        if (!gptImage) w.WriteString("response_format"u8, "b64_json"u8);
        if (request.User is { } user) w.WriteString("user"u8, user);
        w.WriteEndObject();
    }

    public static ImageResponse FromOpenAiImageResponse(ReadOnlySpan<byte> json, UpstreamInfo upstream)
    {
        using var doc = ChatResponseReader.Parse(json, upstream.Region);
        var images = new List<string>();
        if (doc.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in data.EnumerateArray())
            {
                if (ChatResponseReader.Str(item, "b64_json") is { } b64) images.Add(b64);
            }
        }

        if (images.Count == 0)
        {
            throw new GatewayException(new GatewayError(502, ErrorTypes.Upstream, "invalid_upstream_response", "The upstream returned no base64 image (b64_json)."));
        }

        return new ImageResponse { ImagesBase64 = images, Upstream = upstream };
    }

    private static string GptImageQuality(string quality) => quality switch
    {
        "hd" => "high",
        "standard" => "medium",
        _ => quality,
    };
}
