using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sluice.AzureOpenAI.Emulator.Entra;
using Sluice.AzureOpenAI.Emulator.Fixtures;

namespace Sluice.AzureOpenAI.Emulator.DataPlane;

/// <summary><c>GET /openai/models?api-version=...</c>: the models the resource can deploy (here, those behind its deployments).</summary>
internal static class ModelsEndpoint
{
    public static async Task HandleAsync(HttpContext context, AzureResourceState resource, EntraDirectory directory)
    {
        if (!await CallerCheck.PassesAsync(context, resource, directory)) return;
        var data = new JsonArray();
        foreach (var model in resource.Models())
        {
            data.Add(new JsonObject { ["id"] = model, ["object"] = "model", ["status"] = "succeeded" });
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject { ["data"] = data, ["object"] = "list" }.ToJsonString(), context.RequestAborted);
    }
}
