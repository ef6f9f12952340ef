using Sluice.Core.Errors;
using Sluice.Core.Images;

namespace Sluice.Bedrock.Invoke;

/// <summary>The sizes, counts, seeds and prompt lengths Bedrock's image models accept, checked before calling.</summary>
public static class ImageRequestRules
{
    /// <summary>Most images one Titan or Nova Canvas call can return.</summary>
    public const int MaxImages = 5;

    /// <summary>Titan Image Generator v2: each side 320–1408 pixels, a multiple of 64.</summary>
    public static void ValidateTitan(ImageRequest request, string modelId)
    {
        if (!TitanSide(request.Width) || !TitanSide(request.Height))
        {
            throw Invalid($"size {request.Width}x{request.Height} is not supported by {modelId}: width and height must each be 320–1408 and a multiple of 64 (e.g. 512x512, 1024x1024, 1152x768).", "size");
        }

        ValidateCommon(request, modelId, maxPrompt: 512, maxSeed: 2_147_483_646);
    }

    /// <summary>Nova Canvas: each side 320–4096 and a multiple of 16, aspect ratio at most 4:1, at most 4,194,304 pixels.</summary>
    public static void ValidateNovaCanvas(ImageRequest request, string modelId)
    {
        int w = request.Width, h = request.Height;
        var ok = w is >= 320 and <= 4096 && h is >= 320 and <= 4096 && w % 16 == 0 && h % 16 == 0
                 && (long)w * h <= 4_194_304 && w <= 4L * h && h <= 4L * w;
        if (!ok)
        {
            throw Invalid($"size {w}x{h} is not supported by {modelId}: width and height must each be 320–4096 and a multiple of 16, with an aspect ratio up to 4:1 and at most 2048x2048 pixels in total.", "size");
        }

        ValidateCommon(request, modelId, maxPrompt: 1024, maxSeed: 858_993_459);
    }

    /// <summary>Stable Diffusion 3.5 / Stable Image: one image per call and a fixed set of aspect ratios.</summary>
    public static string StabilityAspectRatio(ImageRequest request, string modelId)
    {
        var ratio = AspectRatio(request.Width, request.Height)
            ?? throw Invalid($"size {request.Width}x{request.Height} is not supported by {modelId}: its aspect ratio must be one of 1:1, 16:9, 21:9, 2:3, 3:2, 4:5, 5:4, 9:16, 9:21 (e.g. 1024x1024, 1344x768).", "size");
        if (request.Count is < 1 or > MaxImages)
        {
            throw Invalid($"n must be between 1 and {MaxImages} (got {request.Count}).", "n");
        }

        if (request.Prompt.Length is 0 or > 10_000)
        {
            throw Invalid($"prompt must be 1–10000 characters for {modelId}.", "prompt");
        }

        if (request.Seed is < 0)
        {
            throw Invalid("seed must not be negative.", "seed");
        }

        return ratio;
    }

    private static void ValidateCommon(ImageRequest request, string modelId, int maxPrompt, int maxSeed)
    {
        if (request.Count is < 1 or > MaxImages)
        {
            throw Invalid($"n must be between 1 and {MaxImages} for {modelId} (got {request.Count}).", "n");
        }

        if (request.Prompt.Length is 0 || request.Prompt.Length > maxPrompt)
        {
            throw Invalid($"prompt must be 1–{maxPrompt} characters for {modelId} (got {request.Prompt.Length}).", "prompt");
        }

        if (request.NegativePrompt is { Length: > 0 } negative && negative.Length > maxPrompt)
        {
            throw Invalid($"negative_prompt must be at most {maxPrompt} characters for {modelId}.", "negative_prompt");
        }

        if (request.Seed is { } seed && (seed < 0 || seed > maxSeed))
        {
            throw Invalid($"seed must be between 0 and {maxSeed} for {modelId} (got {seed}).", "seed");
        }
    }

    private static bool TitanSide(int side) => side is >= 320 and <= 1408 && side % 64 == 0;

    private static string? AspectRatio(int width, int height)
    {
        if (width <= 0 || height <= 0)
        {
            return null;
        }

        ReadOnlySpan<(int W, int H)> ratios = [(1, 1), (16, 9), (21, 9), (2, 3), (3, 2), (4, 5), (5, 4), (9, 16), (9, 21)];
        foreach (var (w, h) in ratios)
        {
            // Sizes are rounded to multiples of 64 (1344x768 is 7:4, not quite 16:9), so accept ratios within 2%.
            var diff = Math.Abs(((double)width / height) - ((double)w / h)) / ((double)w / h);
            if (diff <= 0.02)
            {
                return $"{w}:{h}";
            }
        }

        return null;
    }

    private static GatewayException Invalid(string message, string param) => new(GatewayError.InvalidRequest(message, param));
}
