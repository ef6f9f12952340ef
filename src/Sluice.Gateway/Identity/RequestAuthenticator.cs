using Microsoft.AspNetCore.Http;
using Sluice.Core.Access;
using Sluice.Core.Errors;
using Sluice.Gateway.Snapshots;

namespace Sluice.Gateway.Identity;

/// <summary>
/// Who is calling, for <c>/api/v1</c> and (for the UI) <c>/v1</c>. An <c>Authorization</c> header wins and never
/// falls back to the cookie: the key is checked against the in-memory snapshot only. Without one, the
/// <c>sluice_session</c> cookie is looked up (cached in memory) and its email turned into a principal with
/// <see cref="AccessModel.PrincipalFor"/>, so a deactivated user's session stops with the next snapshot.
/// State-changing calls authenticated by the cookie must carry a valid <c>X-CSRF-Token</c>.
/// </summary>
public sealed class RequestAuthenticator(SnapshotHolder holder, SessionTokens sessions, TimeProvider time)
{
    private static readonly GatewayError SessionEnded = new(401, ErrorTypes.Authentication, "session_expired",
        "Your session has ended. Sign in again.");

    /// <summary>The result of authenticating a request: a principal, or the error to answer with.</summary>
    public readonly record struct Result(Principal? Principal, GatewayError? Error, string? SessionId);

    public ValueTask<Result> AuthenticateAsync(HttpContext context)
    {
        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length > 0 || SessionTokens.ReadSessionId(request) is not { } sessionId)
        {
            return ValueTask.FromResult(ApiKeyAuthenticator.TryAuthenticate(holder.Current, authorization, time.GetUtcNow(), out var principal, out var error)
                ? new Result(principal, null, null)
                : new Result(null, error, null));
        }

        return AuthenticateSessionAsync(context, sessionId);
    }

    private async ValueTask<Result> AuthenticateSessionAsync(HttpContext context, string sessionId)
    {
        // /v1 handlers may run inline on a socket thread (InlineIo); the session store can block (SQLite does its
        // "async" I/O synchronously), so cookie requests leave that thread first. Bearer requests never get here.
        await Task.Yield();
        var session = await sessions.ValidateAsync(sessionId, context.RequestAborted);
        var principal = session is null ? null : holder.Current.Access.PrincipalFor(session.UserEmail);
        if (principal is null)
        {
            return new Result(null, SessionEnded, null);
        }

        var csrf = CsrfProtection.Check(context.Request);
        if (CsrfProtection.ErrorFor(csrf) is { } csrfError)
        {
            return new Result(null, new GatewayError(403, ErrorTypes.Permission, CsrfFailedCode, csrfError.Message), null);
        }

        return new Result(principal, null, sessionId);
    }

    /// <summary>The error code of a state-changing cookie call without a valid <c>X-CSRF-Token</c>.</summary>
    public const string CsrfFailedCode = "csrf_failed";
}
