using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Sluice.OpenAI.Emulator.Routes;

/// <summary><c>GET /v1/models</c>: the served models as OpenAI lists them.</summary>
internal static class ModelsRoute
{
    public static Task HandleAsync(HttpContext ctx, EmulatorState state, JsonObject body)
    {
        var data = new JsonArray();
        foreach (var m in state.Options.Models)
        {
            data.Add(new JsonObject { ["id"] = m.Id, ["object"] = "model", ["created"] = 1_700_000_000, ["owned_by"] = "system" });
        }

        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync(new JsonObject { ["object"] = "list", ["data"] = data }.ToJsonString());
    }
}
