using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Core.Chat;
using Sluice.Core.Configuration;
using Sluice.Core.Errors;
using Sluice.Core.Providers;
using Sluice.Core.Responses;
using Sluice.Gateway.Errors;
using Sluice.Gateway.Pipeline;
using static Sluice.Gateway.OpenAi.JsonRead;

namespace Sluice.Gateway.OpenAi;

/// <summary>
/// <c>POST /v1/responses</c>: OpenAI's Responses API, passed through to models whose provider serves it (OpenAI
/// accounts) after the same authentication, access check and limits as chat; usage and cost come from the response's
/// usage. Streams are passed on event by event. Models of other providers get a 400 that names their provider.
/// </summary>
internal sealed class ResponsesHandler(
    RequestGate gate,
    UsageReporter usage,
    LimitGate limits,
    IOptions<OpenAiApiOptions> options,
    ILogger<ResponsesHandler> logger) : OpenAiHandler(gate, logger)
{
    private readonly long _maxBody = options.Value.MaxRequestBodyBytes;

    protected override async Task HandleAsync(HttpContext context, ApiCall call)
    {
        ResponsesRequest request;
        int? maxOutput;
        int bodyBytes;
        using (var body = await RequestBody.ReadAsync(context, _maxBody))
        {
            var json = RequestJson.Check(body.Span);
            (var model, var stream, maxOutput) = ReadHead(json);
            request = new ResponsesRequest(model, json.ToArray(), stream);
            bodyBytes = body.Length;
        }

        if (!ModelResolver.TryResolve(call.Snapshot, call.Principal, request.Model, ModelType.Chat, out var route, out var error, context.Request.Headers))
        {
            await OpenAiErrorWriter.WriteAsync(context, error!);
            return;
        }

        var provider = ResponsesProviderOf(route!);
        SluiceHeaders.SetModel(context.Response, route!);
        if (!await AcquireLimitsAsync(limits, context, call, route!, LimitGate.Estimate(bodyBytes, maxOutput ?? LimitGate.DefaultCompletionReserve)))
        {
            return;
        }

        if (request.Stream) await StreamAsync(context, call, route!, provider, request);
        else await CompleteAsync(context, call, route!, provider, request);
    }

    private async Task CompleteAsync(HttpContext context, ApiCall call, ModelRoute route, IResponsesProvider provider, ResponsesRequest request)
    {
        ResponsesResult result;
        try
        {
            result = await provider.CreateResponseAsync(request, context.RequestAborted);
        }
        catch (Exception e)
        {
            var (status, code) = UsageStatus.Of(e, context.RequestAborted);
            usage.Report(call, route, null, UsageReporter.Responses, status, null, 0, code);
            throw;
        }

        usage.Report(call, route, result.Upstream, UsageReporter.Responses, 200, result.Usage ?? Usage.NotReported, 0, null);
        var http = context.Response;
        SluiceHeaders.SetUpstream(http, result.Upstream);
        http.StatusCode = 200;
        http.ContentType = "application/json";
        http.BodyWriter.Write(result.Body.Span);
        await http.BodyWriter.FlushAsync(context.RequestAborted);
    }

    private async Task StreamAsync(HttpContext context, ApiCall call, ModelRoute route, IResponsesProvider provider, ResponsesRequest request)
    {
        var aborted = context.RequestAborted;
        ResponsesStream stream;
        try
        {
            stream = await provider.StartResponseStreamAsync(request, aborted);
        }
        catch (Exception e)
        {
            var (failed, code) = UsageStatus.Of(e, aborted);
            usage.Report(call, route, null, UsageReporter.ResponsesStream, failed, null, 0, code);
            throw;
        }

        await using var _ = stream;
        var http = context.Response;
        SseResponse.Start(context);
        SluiceHeaders.SetUpstream(http, stream.Upstream);
        var status = 200;
        string? errorCode = null;
        try
        {
            await foreach (var e in stream.ReadEventsAsync(aborted))
            {
                if (call.FirstChunkTimestamp == 0) call.FirstChunkTimestamp = usage.Start();
                if (e.Name is { } name)
                {
                    http.BodyWriter.Write("event: "u8);
                    http.BodyWriter.Write(System.Text.Encoding.UTF8.GetBytes(name));
                    http.BodyWriter.Write("\n"u8);
                }

                http.BodyWriter.Write("data: "u8);
                http.BodyWriter.Write(e.Data.Span);
                http.BodyWriter.Write("\n\n"u8);
                await http.BodyWriter.FlushAsync(aborted);
            }

            if (stream.ErrorCode is { } upstreamError)
            {
                // The upstream's own error event already reached the caller in the Responses API's shape.
                status = 502;
                errorCode = upstreamError;
            }
        }
        catch (GatewayException e)
        {
            status = e.Error.Status;
            errorCode = e.Error.Code ?? e.Error.Type;
            if (!http.HasStarted)
            {
                SseResponse.Undo(http);
                throw;
            }

            GatewayLog.StreamFailed(logger, route.FullName, call.RequestId, errorCode);
            await OpenAiErrorWriter.WriteSseAsync(context, e.Error);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            status = 499;
            errorCode = "client_disconnected";
        }
        finally
        {
            usage.Report(call, route, stream.Upstream, UsageReporter.ResponsesStream, status,
                stream.Usage ?? (status < 400 ? Usage.NotReported : null), 0, errorCode);
        }
    }

    /// <summary>The route's Responses API provider; a 400 naming the provider when it has none.</summary>
    private static IResponsesProvider ResponsesProviderOf(ModelRoute route)
    {
        if (route.Router is not null)
        {
            throw new GatewayException(GatewayError.InvalidRequest(
                $"'{CallerText.Quote(route.FullName)}' is a virtual model; /v1/responses is served for OpenAI models called directly (account/model). Use /v1/chat/completions to route.",
                "model", "responses_not_supported"));
        }

        var provider = route.Provider is Telemetry.InstrumentedModelProvider instrumented ? instrumented.Inner : route.Provider;
        if (provider is IResponsesProvider responses) return responses;
        var kind = provider is Sluice.Bedrock.Provider.BedrockModelProvider ? "AWS Bedrock" : "a provider without OpenAI's Responses API";
        throw new GatewayException(GatewayError.InvalidRequest(
            $"'{CallerText.Quote(route.FullName)}' is served by {kind}, which has no Responses API; /v1/responses works with OpenAI models only. Use /v1/chat/completions for this model.",
            "model", "responses_not_supported"));
    }

    /// <summary>The fields the gateway itself needs: the model, whether to stream, and the output limit for the token reservation.</summary>
    private static (string Model, bool Stream, int? MaxOutput) ReadHead(ReadOnlySpan<byte> json)
    {
        string? model = null;
        var stream = false;
        int? maxOutput = null;
        try
        {
            var reader = new Utf8JsonReader(json, isFinalBlock: true, new JsonReaderState(JsonRead.Options));
            Root(ref reader);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                if (reader.ValueTextEquals("model"u8)) { Value(ref reader); model = String(ref reader, "model"); }
                else if (reader.ValueTextEquals("stream"u8)) { Value(ref reader); stream = OptionalBool(ref reader, "stream") ?? false; }
                else if (reader.ValueTextEquals("max_output_tokens"u8)) { Value(ref reader); maxOutput = OptionalInt(ref reader, "max_output_tokens"); }
                else { Value(ref reader); reader.Skip(); }
            }

            End(ref reader);
        }
        catch (JsonException e)
        {
            throw RequestJson.Malformed(e, json);
        }

        if (model is null) throw Invalid("model", "'model' is required: name a model as 'account/model' (GET /v1/models lists them).", "missing_required_parameter");
        return (model, stream, maxOutput);
    }
}
