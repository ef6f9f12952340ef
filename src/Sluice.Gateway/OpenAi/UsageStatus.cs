using Sluice.Core.Errors;

namespace Sluice.Gateway.OpenAi;

/// <summary>The status and error code a failed model call is recorded with.</summary>
internal static class UsageStatus
{
    public static (int Status, string Code) Of(Exception e, CancellationToken aborted) => e switch
    {
        GatewayException g => (g.Error.Status, g.Error.Code ?? g.Error.Type),
        OperationCanceledException when aborted.IsCancellationRequested => (499, "client_disconnected"),
        _ => (500, "server_error"),
    };
}
