using Microsoft.AspNetCore.Http;
using Sluice.Core.Access;
using Sluice.Core.Configuration;
using Sluice.Core.Errors;

namespace Sluice.Gateway.Pipeline;

/// <summary>Authenticates a data-plane request against the current snapshot; no database is touched.</summary>
public sealed class RequestGate(ISnapshotSource snapshots, TimeProvider time)
{
    public bool TryAuthenticate(HttpContext context, string requestId, out ApiCall? call, out GatewayError? error)
    {
        var start = time.GetTimestamp();
        var snapshot = snapshots.Current;
        if (ApiKeyAuthenticator.TryAuthenticate(snapshot, context.Request.Headers.Authorization.ToString(), time.GetUtcNow(), out var principal, out error))
        {
            call = new ApiCall(requestId, principal!, snapshot, start);
            return true;
        }

        call = null;
        return false;
    }
}
