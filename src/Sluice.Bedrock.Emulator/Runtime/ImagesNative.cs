using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sluice.Bedrock.Emulator;

/// <summary>Titan Image Generator v2 and Nova Canvas TEXT_IMAGE bodies; answers real PNGs of the requested size.</summary>
internal static class ImagesNative
{
    private static readonly (int W, int H)[] TitanSizes =
    [
        (1024, 1024), (768, 768), (512, 512), (768, 1152), (384, 576), (1152, 768), (576, 384), (768, 1280), (384, 640),
        (1280, 768), (640, 384), (896, 1152), (448, 576), (1152, 896), (576, 448), (768, 1408), (384, 704), (1408, 768),
        (704, 384), (640, 1408), (320, 704), (1408, 640), (704, 320), (1152, 640), (1173, 640),
    ];

    public static (byte[] Body, int Images) Generate(JsonElement root, ModelFamily family)
    {
        if (root.ValueKind != JsonValueKind.Object) throw RequestRejected.Malformed("#: expected type: JSONObject");
        if (!root.TryGetProperty("taskType", out var tt)) throw RequestRejected.Malformed("#: required key [taskType] not found");
        var task = tt.GetString();
        if (task is "INPAINTING" or "OUTPAINTING" or "IMAGE_VARIATION" or "COLOR_GUIDED_GENERATION" or "BACKGROUND_REMOVAL")
            throw RequestRejected.Validation($"The emulator supports only taskType TEXT_IMAGE, not {task}.");
        if (task != "TEXT_IMAGE") throw RequestRejected.Malformed($"#/taskType: {task} is not a valid enum value");
        if (!root.TryGetProperty("textToImageParams", out var p) || !p.TryGetProperty("text", out var textEl))
            throw RequestRejected.Malformed("#/textToImageParams: required key [text] not found");
        var text = textEl.GetString() ?? "";
        var maxText = family == ModelFamily.NovaCanvas ? 1024 : 512;
        if (text.Length == 0 || text.Length > maxText)
            throw RequestRejected.Malformed($"#/textToImageParams/text: expected minLength: 1, maxLength: {maxText}, actual: {text.Length}");

        int count = 1, width = 1024, height = 1024;
        if (root.TryGetProperty("imageGenerationConfig", out var cfg))
        {
            if (cfg.TryGetProperty("numberOfImages", out var n) && (!n.TryGetInt32(out count) || count is < 1 or > 5))
                throw RequestRejected.Malformed($"#/imageGenerationConfig/numberOfImages: {n.GetRawText()} is not between 1 and 5");
            if (cfg.TryGetProperty("width", out var w) && !w.TryGetInt32(out width)) throw RequestRejected.Malformed("#/imageGenerationConfig/width: expected type: Integer");
            if (cfg.TryGetProperty("height", out var h) && !h.TryGetInt32(out height)) throw RequestRejected.Malformed("#/imageGenerationConfig/height: expected type: Integer");
            if (cfg.TryGetProperty("quality", out var q) && q.GetString() is not ("standard" or "premium"))
                throw RequestRejected.Malformed($"#/imageGenerationConfig/quality: {q.GetString()} is not a valid enum value");
            if (cfg.TryGetProperty("cfgScale", out var cs) && (cs.GetDouble() < 1.1 || cs.GetDouble() > 10))
                throw RequestRejected.Malformed("#/imageGenerationConfig/cfgScale: must be between 1.1 and 10.0");
            if (cfg.TryGetProperty("seed", out var seed) && (!seed.TryGetInt64(out var sv) || sv < 0 || sv > 858993459))
                throw RequestRejected.Malformed("#/imageGenerationConfig/seed: must be between 0 and 858993459");
        }

        ValidateSize(width, height, family);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        var body = JsonBytes.Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("images");
            for (var i = 0; i < count; i++)
            {
                w.WriteBase64StringValue(PngEncoder.Solid(width, height, hash[0], hash[1], (byte)(hash[2] + i)));
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
        return (body, count);
    }

    private static void ValidateSize(int width, int height, ModelFamily family)
    {
        if (family == ModelFamily.TitanImage)
        {
            if (Array.IndexOf(TitanSizes, (width, height)) < 0)
                throw RequestRejected.Validation($"The provided image dimensions {width}x{height} are not supported. Use one of the supported width and height combinations.");
            return;
        }

        var ok = width is >= 320 and <= 4096 && height is >= 320 and <= 4096 && width % 16 == 0 && height % 16 == 0
            && (long)width * height <= 4_194_304 && width <= height * 4 && height <= width * 4;
        if (!ok)
            throw RequestRejected.Validation($"The provided image dimensions {width}x{height} are not supported: width and height must be 320-4096, divisible by 16, at most 4.19 million pixels, aspect ratio between 1:4 and 4:1.");
    }
}
