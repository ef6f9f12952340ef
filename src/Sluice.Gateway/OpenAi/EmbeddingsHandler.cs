using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Core.Chat;
using Sluice.Core.Embeddings;
using Sluice.Core.Providers;
using Sluice.Gateway.Errors;
using Sluice.Gateway.Pipeline;
using Sluice.Gateway.Json;

namespace Sluice.Gateway.OpenAi;

/// <summary><c>POST /v1/embeddings</c>.</summary>
internal sealed class EmbeddingsHandler(
    RequestGate gate,
    UsageReporter usage,
    LimitGate limits,
    IOptions<OpenAiApiOptions> options,
    ILogger<EmbeddingsHandler> logger) : OpenAiHandler(gate, logger)
{
    private readonly long _maxBody = options.Value.MaxRequestBodyBytes;

    protected override string Operation => UsageReporter.Embeddings;

    protected override async Task HandleAsync(HttpContext context, ApiCall call)
    {
        EmbeddingRequest request;
        bool base64;
        int bodyBytes;
        using (var body = await RequestBody.ReadAsync(context, _maxBody))
        {
            request = EmbeddingRequestParser.Parse(body.Span, out base64);
            bodyBytes = body.Length;
        }

        call.EndUser = request.User;

        if (!ModelResolver.TryResolve(call.Snapshot, call.Principal, request.Model, ModelType.Embedding, out var route, out var error, context.Request.Headers))
        {
            await RefuseAsync(context, call, error!);
            return;
        }

        call.Route = route;
        SluiceHeaders.SetModel(context.Response, route!);
        if (!await AcquireLimitsAsync(limits, context, call, route!, LimitGate.Estimate(bodyBytes, null)))
        {
            return;
        }

        EmbeddingResponse response;
        var routing = HttpRouteCall.For(context, call, route!, usage, UsageReporter.Embeddings);
        try
        {
            response = routing is null
                ? await route!.Provider.EmbedAsync(request, context.RequestAborted)
                : await routing.Router.EmbedAsync(request, routing, context.RequestAborted);
        }
        catch (Exception e)
        {
            var (status, code) = UsageStatus.Of(e, context.RequestAborted);
            SluiceHeaders.SetRouting(context.Response, routing, failed: true);
            usage.Report(call, route!, null, UsageReporter.Embeddings, status, null, 0, code, routing: routing);
            throw;
        }

        var tokens = new Usage(response.PromptTokens, 0);
        usage.Report(call, route!, response.Upstream, UsageReporter.Embeddings, 200, tokens, 0, null, routing: routing);
        var http = context.Response;
        SluiceHeaders.SetUpstream(http, response.Upstream);
        SluiceHeaders.SetRouting(http, routing);
        http.StatusCode = 200;
        http.ContentType = "application/json";
        var writer = JsonAnswer.Begin();
        Write(writer, request.Model, response, base64);
        JsonAnswer.Send(http, writer);
    }

    private static void Write(Utf8JsonWriter writer, string model, EmbeddingResponse response, bool base64)
    {
        writer.WriteStartObject();
        writer.WriteString("object"u8, "list"u8);
        writer.WriteStartArray("data"u8);
        var vectors = response.Vectors;
        for (var i = 0; i < vectors.Count; i++)
        {
            writer.WriteStartObject();
            writer.WriteString("object"u8, "embedding"u8);
            writer.WriteNumber("index"u8, i);
            if (base64)
            {
                // OpenAI's base64 form is the little-endian float32 bytes of the vector.
                writer.WriteBase64String("embedding"u8, MemoryMarshal.AsBytes(vectors[i].AsSpan()));
            }
            else
            {
                writer.WriteStartArray("embedding"u8);
                foreach (var value in vectors[i])
                {
                    writer.WriteNumberValue(value);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("model"u8, model);
        writer.WriteStartObject("usage"u8);
        writer.WriteNumber("prompt_tokens"u8, response.PromptTokens);
        writer.WriteNumber("total_tokens"u8, response.PromptTokens);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
