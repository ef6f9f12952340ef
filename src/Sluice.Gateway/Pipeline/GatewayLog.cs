using Microsoft.Extensions.Logging;

namespace Sluice.Gateway.Pipeline;

/// <summary>Source-generated log messages for the data plane. Never logs keys or message content.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(1, LogLevel.Error, "Unexpected failure handling {Path} (request {RequestId})")]
    public static partial void Unexpected(ILogger logger, string path, string requestId, Exception exception);

    [LoggerMessage(2, LogLevel.Warning, "Upstream failed mid-stream for {Model} (request {RequestId}): {Code}")]
    public static partial void StreamFailed(ILogger logger, string model, string requestId, string? code);

    [LoggerMessage(3, LogLevel.Debug, "Client went away during {Model} (request {RequestId})")]
    public static partial void ClientGone(ILogger logger, string model, string requestId);
}
