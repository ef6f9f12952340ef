using Microsoft.Extensions.Logging;

namespace Sluice.Gateway.Telemetry;

/// <summary>
/// The body log (category <c>Sluice.Bodies</c>): one record per call whose caller or the tenant's logging settings
/// opted in, with the request and response bodies as they went over the wire, each cut at
/// <see cref="BodyCapture.MaxBytes"/>. Headers, and so keys, are never in it.
/// </summary>
internal static partial class BodyLog
{
    public const string Category = "Sluice.Bodies";

    [LoggerMessage(101, LogLevel.Information,
        "{Method} {Route} status={Status} request_id={RequestId} request_body={RequestBody} response_body={ResponseBody}")]
    public static partial void Bodies(ILogger logger, string method, string route, int status, string requestId, string requestBody, string responseBody);
}
