using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sluice.Core.Errors;
using Sluice.Gateway.OpenAi;
using Sluice.Gateway.Pipeline;

namespace Sluice.Gateway.AnthropicApi;

/// <summary>
/// The frame every Anthropic endpoint runs in: request id (also as Anthropic's <c>request-id</c>), authentication by
/// <c>x-api-key</c> or <c>Authorization: Bearer</c>, and failures turned into Anthropic errors (never a 500 for bad
/// input; unexpected failures become a logged 500 naming the request id).
/// </summary>
internal abstract class AnthropicHandler(RequestGate gate, ILogger logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var requestId = AssignRequestId(context);
        if (System.Diagnostics.Activity.Current is { Recorded: true } activity)
        {
            // Beside x-request-id, as on the OpenAI API: the id to look the request up by in a tracing backend.
            context.Response.Headers[Telemetry.TelemetryNames.TraceIdHeader] = activity.TraceId.ToHexString();
        }

        ApiCall? call = null;
        Telemetry.BodyCapture? bodies = null;
        try
        {
            if (!gate.TryAuthenticateWithApiKeyHeader(context, requestId, out call, out var authError))
            {
                await RefuseAsync(context, null, requestId, start, authError!);
                return;
            }

            // Parsed once, before the body, so a malformed header is refused before any model is called.
            call!.Metadata = RequestMetadata.Read(context.Request.Headers);
            // Bodies are kept only for calls whose request or tenant settings opt in; a bad logging header is a 400.
            if (Operation is not null) bodies = Telemetry.BodyCapture.StartIfWanted(context, call);
            await HandleAsync(context, call);
        }
        catch (GatewayException e) when (!context.Response.HasStarted)
        {
            SluiceHeaders.SetFailedUpstream(context.Response, e.Error);
            await RefuseAsync(context, call, requestId, start, e.Error);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception e)
        {
            GatewayLog.Unexpected(logger, context.Request.Path, requestId, e);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                context.Response.Headers[RequestIds.Header] = requestId;
                context.Response.Headers[AnthropicHeaders.RequestId] = requestId;
                await RefuseAsync(context, call, requestId, start, OpenAiHandler.ServerError(requestId));
            }
        }
        finally
        {
            LimitGate.ReleaseUnsettled(call);
            if (bodies is not null) await bodies.EndAsync(context, requestId);
        }
    }

    /// <summary>
    /// Writes the error; unless the call was already reported (an upstream failure), first counts it and writes its
    /// access-log line, so both exist by the time the caller has the answer.
    /// </summary>
    private Task RefuseAsync(HttpContext context, ApiCall? call, string requestId, long start, GatewayError error)
    {
        if (call is not { Reported: true } && Operation is { } operation)
        {
            Refusals.Report(context, call, requestId, call?.Operation ?? operation, start, AnthropicErrorWriter.Map(error).Status, error);
        }

        return AnthropicErrorWriter.WriteAsync(context, error);
    }

    /// <summary>The usage operation this endpoint's calls are counted under; null for endpoints that call no model.</summary>
    protected virtual string? Operation => null;

    /// <summary>
    /// Checks rate limits and budgets just before the upstream call; a refusal is thrown, so it is rendered as
    /// Anthropic's 429 <c>rate_limit_error</c> (it names no upstream) with <c>Retry-After</c>.
    /// </summary>
    protected static async ValueTask AcquireLimitsAsync(LimitGate limits, HttpContext context, ApiCall call, Sluice.Core.Configuration.ModelRoute route, long estimatedTokens)
    {
        if (await limits.AcquireAsync(context, call, route, estimatedTokens) is { } refused) throw new GatewayException(refused);
    }

    protected abstract Task HandleAsync(HttpContext context, ApiCall call);

    /// <summary>Sets the request id under both names and returns it.</summary>
    public static string AssignRequestId(HttpContext context)
    {
        var id = RequestIds.Assign(context);
        context.Response.Headers[AnthropicHeaders.RequestId] = id;
        return id;
    }
}
