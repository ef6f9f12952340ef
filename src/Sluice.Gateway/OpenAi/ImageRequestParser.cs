using Sluice.Gateway.Pipeline;
using Sluice.Core.Errors;
using System.Text.Json;
using Sluice.Core.Images;
using static Sluice.Gateway.OpenAi.JsonRead;

namespace Sluice.Gateway.OpenAi;

/// <summary>Parses an OpenAI <c>/v1/images/generations</c> body. Only <c>b64_json</c> responses are offered.</summary>
internal static class ImageRequestParser
{
    public static ImageRequest Parse(ReadOnlySpan<byte> body)
    {
        var json = RequestJson.Check(body);
        try
        {
            var reader = new Utf8JsonReader(json, isFinalBlock: true, new JsonReaderState(Options));
            Root(ref reader);
            string? model = null, prompt = null, quality = null, user = null, negativePrompt = null;
            int n = 1, width = 1024, height = 1024;
            int? seed = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                if (reader.ValueTextEquals("model"u8)) { Value(ref reader); model = String(ref reader, "model"); }
                else if (reader.ValueTextEquals("prompt"u8)) { Value(ref reader); prompt = String(ref reader, "prompt"); }
                else if (reader.ValueTextEquals("n"u8))
                {
                    Value(ref reader);
                    n = OptionalInt(ref reader, "n") ?? 1;
                    if (n is < 1 or > 10) throw Invalid("n", "'n' must be between 1 and 10.");
                }
                else if (reader.ValueTextEquals("size"u8)) { Value(ref reader); ReadSize(OptionalString(ref reader, "size"), ref width, ref height); }
                else if (reader.ValueTextEquals("quality"u8))
                {
                    Value(ref reader);
                    quality = OptionalString(ref reader, "quality") switch
                    {
                        null or "auto" => null,
                        "standard" or "low" or "medium" => "standard",
                        "hd" or "high" => "hd",
                        var other => throw Invalid("quality", $"'{CallerText.Quote(other)}' is not a valid quality; use standard or hd."),
                    };
                }
                else if (reader.ValueTextEquals("response_format"u8))
                {
                    Value(ref reader);
                    var format = OptionalString(ref reader, "response_format");
                    if (format is "url")
                        throw Unsupported("response_format", "Only 'b64_json' is supported: the gateway does not host generated images, so it cannot return URLs. Ask for b64_json.");
                    if (format is not null and not "b64_json")
                        throw Invalid("response_format", $"'{CallerText.Quote(format)}' is not a valid response_format; use b64_json.");
                }
                else if (reader.ValueTextEquals("user"u8)) { Value(ref reader); user = OptionalString(ref reader, "user"); }
                else if (reader.ValueTextEquals("negative_prompt"u8)) { Value(ref reader); negativePrompt = OptionalString(ref reader, "negative_prompt"); }
                else if (reader.ValueTextEquals("seed"u8)) { Value(ref reader); seed = OptionalInt(ref reader, "seed"); }
                else
                {
                    // style, output_format, background and unknown fields are ignored.
                    Value(ref reader);
                    reader.Skip();
                }
            }

            End(ref reader);
            if (model is null) throw Invalid("model", "'model' is required: name a model as 'account/model' (GET /v1/models lists them).", "missing_required_parameter");
            if (string.IsNullOrWhiteSpace(prompt)) throw Invalid("prompt", "'prompt' is required and must not be empty.", "missing_required_parameter");
            return new ImageRequest
            {
                Model = model, Prompt = prompt, Count = n, Width = width, Height = height, Quality = quality,
                NegativePrompt = negativePrompt, Seed = seed, User = user,
            };
        }
        catch (JsonException e)
        {
            throw RequestJson.Malformed(e, json);
        }
    }

    private static void ReadSize(string? size, ref int width, ref int height)
    {
        if (size is null or "auto") return;
        var x = size.IndexOf('x');
        if (x <= 0 || !int.TryParse(size.AsSpan(0, x), out var w) || !int.TryParse(size.AsSpan(x + 1), out var h) || w <= 0 || h <= 0)
            throw Invalid("size", $"'{CallerText.Quote(size)}' is not a valid size; use WIDTHxHEIGHT, e.g. 1024x1024.");
        width = w;
        height = h;
    }
}
