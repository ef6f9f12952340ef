using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sluice.AzureOpenAI.Emulator.Fixtures;

namespace Sluice.AzureOpenAI.Emulator.DataPlane;

/// <summary>Embeddings: <c>input</c> a string or an array of strings; vectors derived from the text so equal inputs embed equally.</summary>
internal static class EmbeddingsHandler
{
    public static async Task HandleAsync(HttpContext context, JsonObject body, AzureDeployment deployment)
    {
        var inputs = body["input"] switch
        {
            JsonValue one when one.GetValueKind() == System.Text.Json.JsonValueKind.String => [one.ToString()],
            JsonArray many when many.Count > 0 && many.All(x => x is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String) => many.Select(x => x!.ToString()).ToList(),
            _ => null,
        };
        if (inputs is null)
        {
            await AzureErrorWriter.ModelAsync(context, 400, "'input' is a required property and must be a string or an array of strings", "invalid_request_error", "input", null);
            return;
        }

        var dimensions = body["dimensions"]?.GetValue<int>() ?? 8;
        var data = new JsonArray();
        var tokens = 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            var vector = new JsonArray();
            var seed = inputs[i].GetHashCode(StringComparison.Ordinal);
            for (var d = 0; d < dimensions; d++) vector.Add(((seed >> (d % 24)) & 0xff) / 255.0);
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = vector });
            tokens += 1 + (inputs[i].Length / 4);
        }

        var response = new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = deployment.Model,
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(response.ToJsonString(), context.RequestAborted);
    }
}
