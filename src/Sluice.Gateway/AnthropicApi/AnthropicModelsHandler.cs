using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sluice.Core.Access;
using Sluice.Core.Configuration;
using Sluice.Core.Errors;
using Sluice.Core.Providers;
using Sluice.Gateway.Json;
using Sluice.Gateway.Pipeline;

namespace Sluice.Gateway.AnthropicApi;

/// <summary>
/// <c>GET /v1/models</c> and <c>GET /v1/models/{id}</c> in Anthropic's format, for requests that carry
/// <c>anthropic-version</c> (the Anthropic SDKs always send it): the chat models the caller may call.
/// </summary>
internal sealed class AnthropicModelsHandler(RequestGate gate, ILogger<AnthropicModelsHandler> logger) : AnthropicHandler(gate, logger)
{
    protected override async Task HandleAsync(HttpContext context, ApiCall call)
    {
        var http = context.Response;
        if (context.Request.RouteValues["id"] is string id)
        {
            // Clients escape the slash of 'account/model' (%2F); the router leaves it escaped.
            if (id.Contains('%')) id = Uri.UnescapeDataString(id);
            if (!ModelResolver.TryResolve(call.Snapshot, call.Principal, id, ModelType.Chat, out var route, out var error))
            {
                throw new GatewayException(error!);
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
            if (name == route.FullName && (route.Types & ModelType.Chat) != 0 && ModelAccess.CanCall(call.Principal, route)) visible.Add(route);
        }

        visible.Sort(static (a, b) => string.CompareOrdinal(a.FullName, b.FullName));
        http.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(http.BodyWriter, GatewayJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("data"u8);
            foreach (var route in visible) WriteModel(writer, route);
            writer.WriteEndArray();
            writer.WriteBoolean("has_more"u8, false);
            if (visible.Count == 0)
            {
                writer.WriteNull("first_id"u8);
                writer.WriteNull("last_id"u8);
            }
            else
            {
                writer.WriteString("first_id"u8, visible[0].FullName);
                writer.WriteString("last_id"u8, visible[^1].FullName);
            }

            writer.WriteEndObject();
        }

        await http.BodyWriter.FlushAsync(context.RequestAborted);
    }

    private static void WriteModel(Utf8JsonWriter writer, ModelRoute route)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "model"u8);
        writer.WriteString("id"u8, route.FullName);
        writer.WriteString("display_name"u8, route.FullName);
        // RFC 3339, as Anthropic writes it; the Unix epoch when Sluice does not know when the model was added.
        writer.WriteString("created_at"u8, (route.CreatedAt == default ? DateTimeOffset.UnixEpoch : route.CreatedAt).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteEndObject();
    }
}
