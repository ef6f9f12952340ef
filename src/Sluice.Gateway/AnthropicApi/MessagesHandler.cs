using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Core.Configuration;
using Sluice.Core.Errors;
using Sluice.Core.Messages;
using Sluice.Gateway.Json;
using Sluice.Gateway.OpenAi;
using Sluice.Gateway.Pipeline;

namespace Sluice.Gateway.AnthropicApi;

/// <summary>
/// <c>POST /v1/messages</c>, streamed (SSE) or not. A model whose provider speaks Messages natively gets the caller's
/// body through (nothing lost in translation); usage records, cost, access and routing headers are as for chat.
/// </summary>
internal sealed class MessagesHandler(
    RequestGate gate,
    UsageReporter usage,
    MessagesCalls calls,
    LimitGate limits,
    IOptions<OpenAiApiOptions> options,
    TimeProvider time,
    ILogger<MessagesHandler> logger) : AnthropicHandler(gate, logger)
{
    private readonly long _maxBody = options.Value.MaxRequestBodyBytes;
    private readonly TimeSpan _keepAliveInterval = options.Value.StreamKeepAliveInterval;

    protected override string Operation => UsageReporter.Messages;

    protected override async Task HandleAsync(HttpContext context, ApiCall call)
    {
        MessagesRequest request;
        int bodyBytes;
        using (var body = await RequestBody.ReadAsync(context, _maxBody))
        {
            request = MessagesRequestReader.Read(body.Span, context.Request.Headers, countTokens: false);
            bodyBytes = body.Span.Length;
        }

        call.EndUser = MessagesRequestReader.EndUser(request);
        if (MessagesRequestReader.IsStream(request)) call.Operation = UsageReporter.MessagesStream;
        var model = MessagesRequestReader.Model(request);
        var route = MessagesModels.Resolve(context, call, model);
        var dropParams = MessagesCalls.DropParamsHeader(context.Request.Headers);
        // max_tokens is required (the reader checked it is a positive integer): the reservation is what the call may cost.
        var maxTokens = request.Body["max_tokens"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<long>(out var m)
            ? (int)Math.Min(m, int.MaxValue)
            : LimitGate.DefaultCompletionReserve;
        await AcquireLimitsAsync(limits, context, call, route, LimitGate.Estimate(bodyBytes, maxTokens));
        if (MessagesRequestReader.IsStream(request)) await StreamAsync(context, call, route, request, model, dropParams);
        else await CompleteAsync(context, call, route, request, model, dropParams);
    }

    private async Task CompleteAsync(HttpContext context, ApiCall call, ModelRoute route, MessagesRequest request, string model, bool? dropParams)
    {
        var aborted = context.RequestAborted;
        var routing = HttpRouteCall.For(context, call, route, usage, UsageReporter.Messages);
        MessagesResponse response;
        try
        {
            response = await calls.SendAsync(route, request, routing, model, dropParams, aborted);
        }
        catch (Exception e)
        {
            SluiceHeaders.SetRouting(context.Response, routing, failed: true);
            ReportFailure(call, route, UsageReporter.Messages, e, routing, aborted);
            throw;
        }

        usage.Report(call, route, response.Upstream, UsageReporter.Messages, 200, response.Usage, 0, null, routing: routing);
        var http = context.Response;
        SluiceHeaders.SetUpstream(http, response.Upstream);
        SluiceHeaders.SetRouting(http, routing);
        AnthropicHeaders.SetAdjustments(http, response.Adjustments);
        http.StatusCode = 200;
        http.ContentType = "application/json";
        MessagesSse.WriteMessage(JsonAnswer.BeginRaw(), response.Body, model);
        JsonAnswer.Send(http);
    }

    private async Task StreamAsync(HttpContext context, ApiCall call, ModelRoute route, MessagesRequest request, string model, bool? dropParams)
    {
        var aborted = context.RequestAborted;
        var routing = HttpRouteCall.For(context, call, route, usage, UsageReporter.MessagesStream);
        var http = context.Response;
        SseResponse.Start(context);
        http.ContentType = "text/event-stream; charset=utf-8"; // as Anthropic sends it
        // Pings run from here, while a router may still be trying targets: they are not answer bytes, so a long
        // fallback chain keeps the connection without committing to a target. Once one was sent, the status (200) and
        // headers are out, and a failure reaches the client as an error event.
        await using var keepAlive = new SseKeepAlive(http.BodyWriter, time, _keepAliveInterval, aborted, MessagesSse.Ping);
        MessagesStream stream;
        try
        {
            // A routed call hands the stream over only after its first content: failures before it were retried or fell back.
            stream = await calls.StartStreamAsync(route, request, routing, model, dropParams, aborted);
        }
        catch (Exception e)
        {
            await keepAlive.StopAsync(); // settles HasStarted
            SluiceHeaders.SetRouting(http, routing, failed: true);
            ReportFailure(call, route, UsageReporter.MessagesStream, e, routing, aborted);
            if (!http.HasStarted)
            {
                SseResponse.Undo(http);
                throw;
            }

            await FailStartedStreamAsync(context, call, route, e);
            return;
        }

        await using var _ = stream;
        usage.Metrics?.StreamOpened();
        // Bracketed so no ping starts the response while the headers are written.
        await keepAlive.EnterAsync();
        SluiceHeaders.SetUpstream(http, stream.Upstream);
        SluiceHeaders.SetRouting(http, routing);
        AnthropicHeaders.SetAdjustments(http, stream.Adjustments);
        keepAlive.Exit();

        var status = 200;
        string? errorCode = null;
        try
        {
            await foreach (var e in stream.ReadEventsAsync(aborted))
            {
                await keepAlive.EnterAsync();
                // Time to first token: message_start comes before the model has produced anything.
                if (call.FirstChunkTimestamp == 0 && e.Type == "content_block_delta") call.FirstChunkTimestamp = time.GetTimestamp();
                MessagesSse.WriteEvent(http.BodyWriter, e, model);
                await http.BodyWriter.FlushAsync(aborted);
                keepAlive.Exit();
            }

            await keepAlive.StopAsync();
        }
        catch (GatewayException e)
        {
            await keepAlive.StopAsync(); // settles HasStarted: a ping being flushed counts as a start
            status = e.Error.Status;
            errorCode = e.Error.Code ?? e.Error.Type;
            if (!http.HasStarted)
            {
                // Nothing reached the client yet: it gets an ordinary JSON error with the right status.
                SseResponse.Undo(http);
                throw;
            }

            GatewayLog.StreamFailed(logger, route.FullName, call.RequestId, errorCode);
            await AnthropicErrorWriter.WriteSseAsync(context, e.Error);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            status = 499;
            errorCode = "client_disconnected";
            GatewayLog.ClientGone(logger, route.FullName, call.RequestId);
        }
        catch (Exception e)
        {
            await keepAlive.StopAsync();
            status = 500;
            errorCode = "server_error";
            if (!http.HasStarted) throw;
            GatewayLog.Unexpected(logger, context.Request.Path, call.RequestId, e);
            await AnthropicErrorWriter.WriteSseAsync(context, OpenAiHandler.ServerError(call.RequestId));
        }
        finally
        {
            usage.Metrics?.StreamClosed();
            usage.Report(call, route, stream.Upstream, UsageReporter.MessagesStream, status, stream.Usage, 0, errorCode, routing: routing);
        }
    }

    private async Task FailStartedStreamAsync(HttpContext context, ApiCall call, ModelRoute route, Exception e)
    {
        switch (e)
        {
            case GatewayException g:
                GatewayLog.StreamFailed(logger, route.FullName, call.RequestId, g.Error.Code ?? g.Error.Type);
                await AnthropicErrorWriter.WriteSseAsync(context, g.Error);
                break;
            case OperationCanceledException when context.RequestAborted.IsCancellationRequested:
                GatewayLog.ClientGone(logger, route.FullName, call.RequestId);
                break;
            default:
                GatewayLog.Unexpected(logger, context.Request.Path, call.RequestId, e);
                await AnthropicErrorWriter.WriteSseAsync(context, OpenAiHandler.ServerError(call.RequestId));
                break;
        }
    }

    private void ReportFailure(ApiCall call, ModelRoute route, string operation, Exception e, HttpRouteCall? routing, CancellationToken aborted)
    {
        var (status, code) = UsageStatus.Of(e, aborted);
        usage.Report(call, route, null, operation, status, null, 0, code, routing: routing);
    }
}
