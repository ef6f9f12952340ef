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

    /// <summary>
    /// As <see cref="TryAuthenticate"/>, also accepting the key in Anthropic's <c>x-api-key</c> header (the Anthropic SDKs'
    /// default; Claude Code sends <c>Authorization: Bearer</c> when given <c>ANTHROPIC_AUTH_TOKEN</c>). A request with
    /// both is judged by its <c>Authorization</c> header.
    /// </summary>
    public bool TryAuthenticateWithApiKeyHeader(HttpContext context, string requestId, out ApiCall? call, out GatewayError? error)
    {
        var headers = context.Request.Headers;
        if (headers.Authorization.Count > 0 || !headers.TryGetValue(ApiKeyHeader, out var apiKey))
        {
            if (TryAuthenticate(context, requestId, out call, out error)) return true;
            if (error!.Code == "missing_api_key") error = MissingEitherKey;
            return false;
        }

        var start = time.GetTimestamp();
        var snapshot = snapshots.Current;
        if (ApiKeyAuthenticator.TryAuthenticateKey(snapshot, apiKey.ToString().Trim(), time.GetUtcNow(), out var principal, out var keyId, out error))
        {
            call = new ApiCall(requestId, principal!, snapshot, start) { ApiKeyId = keyId };
            return true;
        }

        if (error!.Code == "missing_api_key") error = MissingEitherKey;
        call = null;
        return false;
    }

    /// <summary>Anthropic's header for the API key.</summary>
    public const string ApiKeyHeader = "x-api-key";

    private static readonly GatewayError MissingEitherKey = new(401, ErrorTypes.Authentication, "missing_api_key",
        "No API key was sent. Send a Sluice API key as 'x-api-key: <key>' or 'Authorization: Bearer <key>'.");

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
