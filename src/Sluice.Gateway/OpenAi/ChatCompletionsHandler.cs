using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Core.Chat;
using Sluice.Core.Configuration;
using Sluice.Core.Errors;
using Sluice.Core.Providers;
using Sluice.Gateway.Errors;
using Sluice.Gateway.ImageFetching;
using Sluice.Gateway.Pipeline;
using Sluice.Gateway.Json;

namespace Sluice.Gateway.OpenAi;

/// <summary><c>POST /v1/chat/completions</c>, streamed (SSE) or not.</summary>
internal sealed class ChatCompletionsHandler(
    RequestGate gate,
    UsageReporter usage,
    LimitGate limits,
    ImageFetcher images,
    IOptions<OpenAiApiOptions> options,
    TimeProvider time,
    ILogger<ChatCompletionsHandler> logger) : OpenAiHandler(gate, logger)
{
    private static readonly Usage NoUsage = new(0, 0);
    private readonly long _maxBody = options.Value.MaxRequestBodyBytes;

    protected override string Operation => UsageReporter.Chat;
    private readonly TimeSpan _keepAliveInterval = options.Value.StreamKeepAliveInterval;

    protected override async Task HandleAsync(HttpContext context, ApiCall call)
    {
        ParsedChatRequest parsed;
        int bodyBytes;
        ModelRoute? route;
        using (var body = await RequestBody.ReadAsync(context, _maxBody))
        {
            parsed = ChatRequestParser.Parse(body.Span);
            bodyBytes = body.Length;
            call.EndUser = parsed.Request.User;
            if (parsed.Request.Stream) call.Operation = UsageReporter.ChatStream;
            if (!ModelResolver.TryResolve(call.Snapshot, call.Principal, parsed.Request.Model, ModelType.Chat, out route, out var error, context.Request.Headers))
            {
                await RefuseAsync(context, call, error!);
                return;
            }

            // Copied only for routes with a target that takes the body as is: every other request allocates nothing here.
            if (route!.ChatPassthrough != ChatPassthroughTargets.None)
            {
                parsed.Request.Passthrough = new ChatPassthrough(RequestJson.Check(body.Span).ToArray());
            }
        }

        var request = parsed.Request;
        call.Route = route;
        SluiceHeaders.SetModel(context.Response, route!);
        ApplyDropParams(context.Request, parsed, route!);
        // A route whose every target takes the body as is sends the caller's image URLs on: the upstream fetches them.
        if (parsed.Images is { } pending && route!.ChatPassthrough != ChatPassthroughTargets.All)
        {
            await FetchImagesAsync(request, pending, context.RequestAborted);
        }

        if (!await AcquireLimitsAsync(limits, context, call, route!, LimitGate.Estimate(bodyBytes, request.MaxTokens ?? LimitGate.DefaultCompletionReserve)))
        {
            return;
        }

        if (request.Stream) await StreamAsync(context, call, route!, request);
        else await CompleteAsync(context, call, route!, request);
    }

    /// <summary>
    /// Refuses the parameters Bedrock cannot honour, or, when drop_params is on, records them as dropped (the request
    /// already holds the values that are sent instead). The header wins over the body, the body over the model.
    /// </summary>
    private static void ApplyDropParams(HttpRequest http, ParsedChatRequest parsed, ModelRoute route)
    {
        var drop = route.DropParams;
        if (parsed.DropParams is { } fromBody) drop = fromBody;
        if (http.Headers.TryGetValue(SluiceHeaders.DropParams, out var header))
        {
            drop = bool.TryParse(header.ToString(), out var fromHeader)
                ? fromHeader
                : throw new GatewayException(GatewayError.InvalidRequest(
                    $"The header {SluiceHeaders.DropParams} must be true or false.", SluiceHeaders.DropParams, "invalid_header"));
        }

        var request = parsed.Request;
        request.DropUnsupported = drop;
        // Upstreams that take the caller's body judge its parameters themselves: nothing is refused or dropped for them.
        if (parsed.Unsupported is not { } unsupported || route.ChatPassthrough == ChatPassthroughTargets.All) return;
        if (!drop)
        {
            var first = unsupported[0];
            throw JsonRead.Unsupported(first.Name, first.Message + DropHint);
        }

        foreach (var u in unsupported) request.Drop(u.Name);
    }

    private const string DropHint =
        " To have parameters the model cannot honour dropped instead, send the header 'x-sluice-drop-params: true' (or 'drop_params': true), or set drop_params on the model.";

    private async Task FetchImagesAsync(ChatRequest request, List<PendingImage> pending, CancellationToken cancellationToken)
    {
        var fetches = new Task<ImagePart>[pending.Count];
        for (var i = 0; i < pending.Count; i++)
        {
            fetches[i] = images.FetchAsync(pending[i].Url, pending[i].Param, cancellationToken);
        }

        try
        {
            await Task.WhenAll(fetches);
        }
        catch (GatewayException)
        {
            // Report the first image in request order that failed, not whichever finished first.
            foreach (var fetch in fetches)
            {
                if (fetch.IsFaulted && fetch.Exception!.InnerException is GatewayException first) throw first;
            }

            throw;
        }

        for (var i = 0; i < pending.Count; i++)
        {
            // The placeholder carried the part's cache marker; the fetched image keeps it.
            var content = request.Messages[pending[i].Message].Content;
            content[pending[i].Part] = fetches[i].Result with { CacheControl = content[pending[i].Part].CacheControl };
        }
    }

    private async Task CompleteAsync(HttpContext context, ApiCall call, ModelRoute route, ChatRequest request)
    {
        var aborted = context.RequestAborted;
        var routing = HttpRouteCall.For(context, call, route, usage, UsageReporter.Chat);
        ChatResponse response;
        try
        {
            response = routing is null ? await route.Provider.ChatAsync(request, aborted) : await routing.Router.ChatAsync(request, routing, aborted);
        }
        catch (Exception e)
        {
            SluiceHeaders.SetRouting(context.Response, routing, failed: true);
            ReportFailure(call, route, UsageReporter.Chat, e, routing, aborted);
            throw;
        }

        usage.Report(call, route, response.Upstream, UsageReporter.Chat, 200, response.Usage, 0, null, routing: routing);
        var http = context.Response;
        SluiceHeaders.SetUpstream(http, response.Upstream);
        SluiceHeaders.SetRouting(http, routing);
        SluiceHeaders.SetDropped(http, request.DroppedParameters);
        http.StatusCode = 200;
        http.ContentType = "application/json";
        if (response.Passthrough is { } raw)
        {
            JsonAnswer.Send(http, raw.Span);
            return;
        }

        // Sent, with its length, when the handler returns: one write for headers and body.
        var writer = JsonAnswer.Begin();
        ChatCompletionWriter.Write(writer, NewCompletionId(), time.GetUtcNow().ToUnixTimeSeconds(), request.Model, response);
        JsonAnswer.Send(http, writer);
    }

    private async Task StreamAsync(HttpContext context, ApiCall call, ModelRoute route, ChatRequest request)
    {
        var aborted = context.RequestAborted;
        var routing = HttpRouteCall.For(context, call, route, usage, UsageReporter.ChatStream);
        var http = context.Response;
        SseResponse.Start(context);
        // Keep-alives run from here, while a router may still be trying targets: comments are not answer bytes, so a
        // long fallback chain keeps the connection without committing to a target. Once one was sent, the status
        // (200) and headers are out, and a failure reaches the client as an SSE error event.
        await using var keepAlive = new SseKeepAlive(http.BodyWriter, time, _keepAliveInterval, aborted);
        ChatStream stream;
        try
        {
            // A routed call hands the stream over only after its first update: failures before it were retried or fell back.
            stream = routing is null ? await route.Provider.StartChatStreamAsync(request, aborted) : await routing.Router.StartChatStreamAsync(request, routing, aborted);
        }
        catch (Exception e)
        {
            await keepAlive.StopAsync(); // settles HasStarted
            SluiceHeaders.SetRouting(http, routing, failed: true);
            ReportFailure(call, route, UsageReporter.ChatStream, e, routing, aborted);
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
        // Bracketed so no keep-alive starts the response while the headers are written.
        await keepAlive.EnterAsync();
        SluiceHeaders.SetUpstream(http, stream.Upstream);
        SluiceHeaders.SetRouting(http, routing);
        SluiceHeaders.SetDropped(http, request.DroppedParameters);
        keepAlive.Exit();

        Usage? seen = null;
        var status = 200;
        string? errorCode = null;
        using var chunks = new ChatChunkWriter(http.BodyWriter, NewCompletionId(), time.GetUtcNow().ToUnixTimeSeconds(), request.Model);
        try
        {
            await foreach (var update in stream.ReadUpdatesAsync(aborted))
            {
                if (update.Kind == ChatStreamUpdateKind.Usage)
                {
                    // Held back: OpenAI sends usage in its own last chunk, and only when asked.
                    seen = update.Usage;
                    continue;
                }

                await keepAlive.EnterAsync();
                if (update.Kind == ChatStreamUpdateKind.Passthrough)
                {
                    if (!chunks.Started) call.FirstChunkTimestamp = time.GetTimestamp();
                    chunks.WriteRaw(update.Raw.Span);
                }
                else
                {
                    if (!chunks.Started)
                    {
                        call.FirstChunkTimestamp = time.GetTimestamp();
                        chunks.WriteRole();
                    }

                    chunks.WriteUpdate(update);
                }

                await http.BodyWriter.FlushAsync(aborted);
                keepAlive.Exit();
            }

            await keepAlive.StopAsync();
            if (!chunks.Passthrough)
            {
                if (!chunks.Started) chunks.WriteRole();
                if (request.IncludeUsage) chunks.WriteUsage(seen ?? NoUsage);
            }

            chunks.WriteDone();
            await http.BodyWriter.FlushAsync(aborted);
        }
        catch (GatewayException e)
        {
            await keepAlive.StopAsync(); // settles HasStarted: a keep-alive being flushed counts as a start
            status = e.Error.Status;
            errorCode = e.Error.Code ?? e.Error.Type;
            if (!http.HasStarted)
            {
                // Nothing reached the client yet: it gets an ordinary JSON error with the right status.
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
            GatewayLog.ClientGone(logger, route.FullName, call.RequestId);
        }
        catch (Exception e)
        {
            await keepAlive.StopAsync();
            status = 500;
            errorCode = "server_error";
            if (!http.HasStarted) throw;
            GatewayLog.Unexpected(logger, context.Request.Path, call.RequestId, e);
            await OpenAiErrorWriter.WriteSseAsync(context, ServerError(call.RequestId));
        }
        finally
        {
            usage.Metrics?.StreamClosed();
            usage.Report(call, route, stream.Upstream, UsageReporter.ChatStream, status, seen, 0, errorCode, routing: routing);
        }
    }

    /// <summary>The router failed after a keep-alive had started the response: the error goes out as an SSE error event.</summary>
    private async Task FailStartedStreamAsync(HttpContext context, ApiCall call, ModelRoute route, Exception e)
    {
        switch (e)
        {
            case GatewayException g:
                GatewayLog.StreamFailed(logger, route.FullName, call.RequestId, g.Error.Code ?? g.Error.Type);
                await OpenAiErrorWriter.WriteSseAsync(context, g.Error);
                break;
            case OperationCanceledException when context.RequestAborted.IsCancellationRequested:
                GatewayLog.ClientGone(logger, route.FullName, call.RequestId);
                break;
            default:
                GatewayLog.Unexpected(logger, context.Request.Path, call.RequestId, e);
                await OpenAiErrorWriter.WriteSseAsync(context, ServerError(call.RequestId));
                break;
        }
    }

    private void ReportFailure(ApiCall call, ModelRoute route, string operation, Exception e, HttpRouteCall? routing, CancellationToken aborted)
    {
        var (status, code) = UsageStatus.Of(e, aborted);
        usage.Report(call, route, null, operation, status, null, 0, code, routing: routing);
    }

    private static string NewCompletionId() => Sluice.Core.Ids.RandomIds.Hex128("chatcmpl-");
}
