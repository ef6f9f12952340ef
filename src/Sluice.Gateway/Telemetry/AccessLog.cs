using Microsoft.Extensions.Logging;

namespace Sluice.Gateway.Telemetry;

/// <summary>
/// The access log: one line per model call (category <c>Sluice.Access</c>), source-generated so a disabled log costs a
/// level check. Never bodies, never keys: the caller is named by its principal.
/// </summary>
internal static partial class AccessLog
{
    [LoggerMessage(100, LogLevel.Information,
        "{Method} {Route} model={Model} status={Status} latency_ms={LatencyMs} ttft_ms={TtftMs} input_tokens={InputTokens} output_tokens={OutputTokens} cost_usd={CostUsd} caller={Caller} request_id={RequestId}")]
    public static partial void Request(ILogger logger, string method, string route, string model, int status, double latencyMs, double? ttftMs,
        int inputTokens, int outputTokens, decimal? costUsd, string caller, string requestId);

    /// <summary>The path of the endpoint a usage operation was called on.</summary>
    public static string RouteOf(string operation) => operation switch
    {
        "chat" or "chat.stream" => "/v1/chat/completions",
        "embeddings" => "/v1/embeddings",
        "images" => "/v1/images/generations",
        "messages" or "messages.stream" => "/v1/messages",
        "responses" or "responses.stream" => "/v1/responses",
        _ => operation,
    };
}
