using Microsoft.AspNetCore.Http;
using Sluice.Core.Access;
using Sluice.Core.Configuration;
using Sluice.Core.Errors;
using Sluice.Gateway.Identity;

namespace Sluice.Gateway.Pipeline;

/// <summary>
/// Authenticates a data-plane request against the current snapshot; the bearer path touches no database.
/// Without an <c>Authorization</c> header, a UI session cookie is accepted when the host registered a
/// <see cref="RequestAuthenticator"/> (<see cref="NeedsSession"/> then <see cref="TryAuthenticateSessionAsync"/>).
/// </summary>
public sealed class RequestGate(ISnapshotSource snapshots, TimeProvider time, RequestAuthenticator? sessions = null)
{
    public bool TryAuthenticate(HttpContext context, string requestId, out ApiCall? call, out GatewayError? error)
    {
        var start = time.GetTimestamp();
        var snapshot = snapshots.Current;
        if (ApiKeyAuthenticator.TryAuthenticate(snapshot, context.Request.Headers.Authorization.ToString(), time.GetUtcNow(), out var principal, out var keyId, out error))
        {
            call = new ApiCall(requestId, principal!, snapshot, start) { ApiKeyId = keyId };
            return true;
        }

        call = null;
        return false;
    }

    /// <summary>True when the bearer check failed only because no header was sent and a session cookie is present.</summary>
    public bool NeedsSession(HttpContext context) =>
        sessions is not null && context.Request.Headers.Authorization.Count == 0 && SessionTokens.ReadSessionId(context.Request) is not null;

    /// <summary>The cookie path (UI only): a cached session lookup, then the principal from the snapshot.</summary>
    public async ValueTask<(ApiCall? Call, GatewayError? Error)> TryAuthenticateSessionAsync(HttpContext context, string requestId)
    {
        var start = time.GetTimestamp();
        var snapshot = snapshots.Current;
        var result = await sessions!.AuthenticateAsync(context);
        return result.Principal is { } principal
            ? (new ApiCall(requestId, principal, snapshot, start), null)
            : (null, result.Error);
    }
}
