using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sluice.Core.Errors;
using Sluice.Gateway.Errors;
using Sluice.Gateway.Pipeline;

namespace Sluice.Gateway.OpenAi;

/// <summary>
/// The frame every OpenAI endpoint runs in: request id, authentication, and turning failures into OpenAI errors
/// (never a 500 for bad input; unexpected failures become a logged 500 naming the request id).
/// </summary>
internal abstract class OpenAiHandler(RequestGate gate, ILogger logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var requestId = RequestIds.Assign(context);
        ApiCall? call = null;
        Telemetry.BodyCapture? bodies = null;
        if (System.Diagnostics.Activity.Current is { Recorded: true } activity)
        {
            // Beside x-request-id: the id to look the request up by in a tracing backend.
            context.Response.Headers[Telemetry.TelemetryNames.TraceIdHeader] = activity.TraceId.ToHexString();
        }
        try
        {
            if (!gate.TryAuthenticate(context, requestId, out call, out var authError))
            {
                if (gate.NeedsSession(context))
                {
                    (call, authError) = await gate.TryAuthenticateSessionAsync(context, requestId);
                }

                if (call is null)
                {
                    await RefuseAsync(context, null, requestId, start, authError!);
                    return;
                }
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
                await RefuseAsync(context, call, requestId, start, ServerError(requestId));
            }
        }
        finally
        {
            LimitGate.ReleaseUnsettled(call);
            if (bodies is not null) await bodies.EndAsync(context, requestId);
        }
    }

    /// <summary>
    /// The usage operation this endpoint's calls are counted under (<c>chat</c>, <c>embeddings</c>…); null for
    /// endpoints that call no model, whose refusals are not model calls.
    /// </summary>
    protected virtual string? Operation => null;

    /// <summary>Answers with <paramref name="error"/> before any model was called, counted and logged as a refusal.</summary>
    protected Task RefuseAsync(HttpContext context, ApiCall call, GatewayError error) => RefuseAsync(context, call, call.RequestId, 0, error);

    /// <summary>
    /// Writes the error; unless the call was already reported (an upstream failure), first counts it and writes its
    /// access-log line, so both exist by the time the caller has the answer.
    /// </summary>
    private Task RefuseAsync(HttpContext context, ApiCall? call, string requestId, long start, GatewayError error)
    {
        if (call is not { Reported: true } && Operation is { } operation)
        {
            Refusals.Report(context, call, requestId, call?.Operation ?? operation, start, error.Status, error);
        }

        return OpenAiErrorWriter.WriteAsync(context, error);
    }

    /// <summary>Checks rate limits and budgets just before the upstream call; false when the 429 was written.</summary>
    protected async ValueTask<bool> AcquireLimitsAsync(LimitGate limits, HttpContext context, ApiCall call, Sluice.Core.Configuration.ModelRoute route, long estimatedTokens)
    {
        if (await limits.AcquireAsync(context, call, route, estimatedTokens) is { } refused)
        {
            await RefuseAsync(context, call, refused);
            return false;
        }

        return true;
    }

    protected abstract Task HandleAsync(HttpContext context, ApiCall call);

    public static GatewayError ServerError(string requestId) =>
        new(500, ErrorTypes.Server, "server_error",
            $"The gateway failed unexpectedly. Quote request id {requestId} when reporting it.");
}
