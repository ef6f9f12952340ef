using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sluice.Core.Configuration;
using Sluice.Gateway.Pipeline;

namespace Sluice.Gateway.Telemetry;

/// <summary>
/// Keeps the request and response bodies of one call whose bodies are to be logged (the caller's
/// <c>x-tfy-logging-config</c>, or the tenant's <c>logging_settings</c>), and writes them to the body log when the call
/// is over. Calls that do not opt in never get here: their streams are not wrapped.
/// </summary>
internal sealed class BodyCapture
{
    /// <summary>Bytes kept of each body; the rest is counted, not logged.</summary>
    public const int MaxBytes = 16 * 1024;

    private readonly CapturingStream _request;
    private readonly CapturingStream _response;
    private readonly IHttpResponseBodyFeature _prior;
    private readonly StreamResponseBodyFeature _feature;

    private BodyCapture(HttpContext context)
    {
        _request = new CapturingStream(context.Request.Body, MaxBytes);
        context.Request.Body = _request;
        _prior = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        _response = new CapturingStream(_prior.Stream, MaxBytes);
        // The handlers write to Response.BodyWriter: over this feature it is a pipe onto the capturing stream.
        _feature = new StreamResponseBodyFeature(_response, _prior);
        context.Features.Set<IHttpResponseBodyFeature>(_feature);
    }

    /// <summary>Starts capturing when the request or the tenant's settings opt in; null (nothing done) otherwise.</summary>
    /// <exception cref="Sluice.Core.Errors.GatewayException">400 for a malformed logging header.</exception>
    public static BodyCapture? StartIfWanted(HttpContext context, ApiCall call) =>
        Wanted(call.Snapshot.BodyLogging, LoggingConfigHeader.Read(context.Request.Headers, call.Metadata)) ? new BodyCapture(context) : null;

    /// <summary>The tenant's mode decides, or, when it leaves it to the request, the request (else the tenant's default).</summary>
    public static bool Wanted(BodyLoggingSettings settings, bool? requested) => settings.Mode switch
    {
        BodyLoggingMode.Always => true,
        BodyLoggingMode.Never => false,
        _ => requested ?? settings.ByDefault,
    };

    /// <summary>Sends what the handler left buffered, puts the streams back and writes the body-log record.</summary>
    public async Task EndAsync(HttpContext context, string requestId)
    {
        try
        {
            await _feature.CompleteAsync();
        }
        catch (Exception e) when (e is IOException or OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; what was kept is still logged.
        }
        finally
        {
            context.Features.Set(_prior);
            context.Request.Body = _request.Inner;
        }

        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(BodyLog.Category);
        BodyLog.Bodies(logger, context.Request.Method, context.Request.Path.Value ?? "", context.Response.StatusCode, requestId, Text(_request), Text(_response));
    }

    private static string Text(CapturingStream stream)
    {
        var text = Encoding.UTF8.GetString(stream.Head);
        var cut = stream.Total - stream.Head.Length;
        return cut > 0 ? $"{text}…[{cut} more bytes]" : text;
    }
}
