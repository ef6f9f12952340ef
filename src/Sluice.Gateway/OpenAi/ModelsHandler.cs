using Sluice.Core.Access;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sluice.Core.Configuration;
using Sluice.Core.Providers;
using Sluice.Gateway.Errors;
using Sluice.Gateway.Pipeline;
using Sluice.Gateway.Json;

namespace Sluice.Gateway.OpenAi;

/// <summary><c>GET /v1/models</c> and <c>GET /v1/models/{account/model}</c>: only what the caller may call.</summary>
internal sealed class ModelsHandler(RequestGate gate, ILogger<ModelsHandler> logger) : OpenAiHandler(gate, logger)
{
    protected override async Task HandleAsync(HttpContext context, ApiCall call)
    {
        var http = context.Response;
        var id = context.Request.RouteValues["id"] as string;
        if (id is not null)
        {
            // Clients escape the slash of 'account/model' (%2F); the router leaves it escaped.
            if (id.Contains('%')) id = Uri.UnescapeDataString(id);
            if (!ModelResolver.TryResolve(call.Snapshot, call.Principal, id, ModelType.Chat | ModelType.Embedding | ModelType.Image, out var route, out var error))
            {
                await OpenAiErrorWriter.WriteAsync(context, error!);
                return;
            }

            http.ContentType = "application/json";
            using (var writer = new Utf8JsonWriter(http.BodyWriter, GatewayJson.WriterOptions))
            {
                WriteModel(writer, route!);
            }

            await http.BodyWriter.FlushAsync(context.RequestAborted);
            return;
        }

        var visible = new List<ModelRoute>();
        foreach (var (name, route) in call.Snapshot.Models)
        {
            // A virtual model's slug is a second key for the same route: list each route once.
            if (name == route.FullName && ModelAccess.CanCall(call.Principal, route)) visible.Add(route);
        }

        visible.Sort(static (a, b) => string.CompareOrdinal(a.FullName, b.FullName));
        http.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(http.BodyWriter, GatewayJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("object"u8, "list"u8);
            writer.WriteStartArray("data"u8);
            foreach (var route in visible)
            {
                WriteModel(writer, route);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        await http.BodyWriter.FlushAsync(context.RequestAborted);
    }

    private static void WriteModel(Utf8JsonWriter writer, ModelRoute route)
    {
        writer.WriteStartObject();
        writer.WriteString("id"u8, route.FullName);
        writer.WriteString("object"u8, "model"u8);
        writer.WriteNumber("created"u8, route.CreatedAt == default ? 0 : route.CreatedAt.ToUnixTimeSeconds());
        writer.WriteString("owned_by"u8, route.Account);
        writer.WriteStartObject("sluice"u8);
        ModelResolver.WriteTypes(writer, route.Types);
        writer.WriteString("upstream_model_id"u8, route.UpstreamModelId);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
