using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sluice.OpenAI.Emulator.Errors;

namespace Sluice.OpenAI.Emulator.Routes;

/// <summary><c>POST /v1/embeddings</c>: one deterministic vector per input (from the text's hash), float or base64.</summary>
internal static class EmbeddingsRoute
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal) { "model", "input", "dimensions", "encoding_format", "user" };

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

        if (await Call.ModelAsync(ctx, state, body, EmulatedModelKind.Embedding, "embeddings") is not { } model) return;
        var inputs = new List<string>();
        switch (body["input"])
        {
            case null:
                await OpenAiErrors.MissingAsync(ctx, "input");
                return;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                inputs.Add(v.GetValue<string>());
                break;
            case JsonArray a when a.Count > 0 && a.All(x => x is JsonValue xv && xv.GetValueKind() == JsonValueKind.String):
                inputs.AddRange(a.Select(x => x!.GetValue<string>()));
                break;
            default:
                await OpenAiErrors.InvalidValueAsync(ctx, "input", "'input' must be a non-empty string or array of strings.");
                return;
        }

        var dimensions = body["dimensions"]?.GetValue<int>() ?? model.Dimensions;
        if (dimensions < 1 || dimensions > model.Dimensions)
        {
            await OpenAiErrors.InvalidValueAsync(ctx, "dimensions", $"This model does not support specifying dimensions above {model.Dimensions}.");
            return;
        }

        var format = body["encoding_format"]?.GetValue<string>() ?? "float";
        if (format is not ("float" or "base64"))
        {
            await OpenAiErrors.InvalidValueAsync(ctx, "encoding_format", "Invalid value for 'encoding_format': expected 'float' or 'base64'.");
            return;
        }

        var data = new JsonArray();
        var tokens = 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            tokens += Math.Max(1, Call.Words(inputs[i]));
            var vector = Vector(inputs[i], dimensions);
            JsonNode embedding = format == "float"
                ? new JsonArray(vector.Select(x => (JsonNode)JsonValue.Create(x)).ToArray())
                : JsonValue.Create(Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan())));
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = embedding });
        }

        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = model.Id,
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        }.ToJsonString());
    }

    /// <summary>A unit vector derived from the text, so equal texts embed equally and tests can compare.</summary>
    public static float[] Vector(string text, int dimensions)
    {
        var vector = new float[dimensions];
        var seed = 17;
        foreach (var c in text) seed = unchecked(seed * 31 + c);
        var random = new Random(seed);
        double norm = 0;
        for (var i = 0; i < dimensions; i++)
        {
            vector[i] = (float)(random.NextDouble() * 2 - 1);
            norm += vector[i] * vector[i];
        }

        for (var i = 0; i < dimensions; i++) vector[i] = (float)(vector[i] / Math.Sqrt(norm));
        return vector;
    }
}
