using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sluice.OpenAI.Emulator.Errors;

namespace Sluice.OpenAI.Emulator.Routes;

/// <summary>
/// <c>POST /v1/images/generations</c>: DALL·E 3 (n 1, its sizes, standard/hd, b64_json or url) and gpt-image-1
/// (always base64; refuses response_format), answering a 1x1 PNG.
/// </summary>
internal static class ImagesRoute
{
    /// <summary>A 1x1 PNG.</summary>
    public const string OnePixelPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "model", "prompt", "n", "size", "quality", "response_format", "style", "user", "background", "moderation", "output_format", "output_compression",
    };

    public static async Task HandleAsync(HttpContext ctx, EmulatorState state, JsonObject body)
    {
        foreach (var (name, _) in body)
        {
            if (!Known.Contains(name))
            {
                await OpenAiErrors.UnknownParameterAsync(ctx, name);
                return;
            }
        }

        if (await Call.ModelAsync(ctx, state, body, EmulatedModelKind.Image, "images/generations") is not { } model) return;
        if (body["prompt"] is not JsonValue p || p.GetValueKind() != JsonValueKind.String)
        {
            await OpenAiErrors.MissingAsync(ctx, "prompt");
            return;
        }

        var gptImage = model.Id.StartsWith("gpt-image", StringComparison.Ordinal);
        var n = body["n"]?.GetValue<int>() ?? 1;
        var size = body["size"]?.GetValue<string>() ?? "1024x1024";
        var quality = body["quality"]?.GetValue<string>();
        string[] sizes = gptImage ? ["1024x1024", "1536x1024", "1024x1536", "auto"] : ["1024x1024", "1792x1024", "1024x1792"];
        string[] qualities = gptImage ? ["low", "medium", "high", "auto"] : ["standard", "hd"];
        if (gptImage && body["response_format"] is not null)
        {
            await OpenAiErrors.WriteAsync(ctx, 400, "Unknown parameter: 'response_format'.", param: "response_format", code: "unknown_parameter");
            return;
        }

        if (!gptImage && n != 1)
        {
            await OpenAiErrors.InvalidValueAsync(ctx, "n", "Invalid 'n': integer above maximum value. Expected a value <= 1, but got " + n + " instead.");
            return;
        }

        if (!sizes.Contains(size))
        {
            await OpenAiErrors.InvalidValueAsync(ctx, "size", $"Invalid value: '{size}'. Supported values are: {string.Join(", ", sizes.Select(s => $"'{s}'"))}.");
            return;
        }

        if (quality is not null && !qualities.Contains(quality))
        {
            await OpenAiErrors.InvalidValueAsync(ctx, "quality", $"Invalid value: '{quality}'. Supported values are: {string.Join(", ", qualities.Select(s => $"'{s}'"))}.");
            return;
        }

        var url = body["response_format"]?.GetValue<string>() == "url";
        var data = new JsonArray();
        for (var i = 0; i < n; i++)
        {
            data.Add(url ? new JsonObject { ["url"] = "https://images.example/emulated.png" } : new JsonObject { ["b64_json"] = OnePixelPng, ["revised_prompt"] = p.GetValue<string>() });
        }

        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(new JsonObject { ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["data"] = data }.ToJsonString());
    }
}
