using Microsoft.AspNetCore.Http;

namespace Sluice.Gateway.Identity;

/// <summary>
/// UI sessions: an opaque random id in the <c>sluice_session</c> cookie (HttpOnly, SameSite=Strict, Path=/,
/// Secure on https), stored only as its SHA-256, with a sliding idle expiry capped by an absolute lifetime.
/// A validated session gives an email; the caller turns it into a principal with <c>AccessModel.PrincipalFor</c>,
/// which is null for a deactivated user, so their sessions stop with the next snapshot.
/// </summary>
public sealed class SessionTokens
{
    public const string CookieName = "sluice_session";

    private readonly ISessionStore _store;
    private readonly TimeProvider _time;
    private readonly SessionOptions _options;

    public SessionTokens(ISessionStore store, TimeProvider time, SessionOptions? options = null)
    {
        _store = store;
        _time = time;
        _options = options ?? SessionOptions.Default;
    }

    /// <summary>Starts a session for a user who has just proven who they are (password or API key).</summary>
    public async ValueTask<IssuedSession> CreateAsync(string userEmail, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var id = OpaqueToken.New();
        var absolute = now + _options.AbsoluteLifetime;
        var expires = Min(now + _options.IdleTimeout, absolute);
        await _store.AddAsync(new SessionRecord(OpaqueToken.Digest(id), userEmail, now, now, expires, absolute), cancellationToken);
        return new IssuedSession(id, CsrfProtection.TokenFor(id), userEmail, expires, absolute);
    }

    /// <summary>
    /// The live session for a cookie value, or null when missing, unknown or expired (an expired one is deleted).
    /// Extends the idle expiry only once half of it has passed, so an active user does not cost a write per request.
    /// </summary>
    public async ValueTask<SessionRecord?> ValidateAsync(string? sessionId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(sessionId) || sessionId.Length > 128)
        {
            return null;
        }

        var idHash = OpaqueToken.Digest(sessionId);
        var session = await _store.FindAsync(idHash, cancellationToken);
        if (session is null)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        if (now >= session.ExpiresAt || now >= session.AbsoluteExpiresAt)
        {
            await _store.DeleteAsync(idHash, cancellationToken);
            return null;
        }

        if (session.ExpiresAt - now < _options.IdleTimeout / 2)
        {
            var expires = Min(now + _options.IdleTimeout, session.AbsoluteExpiresAt);
            await _store.TouchAsync(idHash, now, expires, cancellationToken);
            session = session with { LastSeenAt = now, ExpiresAt = expires };
        }

        return session;
    }

    /// <summary>Signs one session out.</summary>
    public ValueTask RevokeAsync(string sessionId, CancellationToken cancellationToken = default) =>
        _store.DeleteAsync(OpaqueToken.Digest(sessionId), cancellationToken);

    /// <summary>Signs a user out everywhere (password change, deactivation).</summary>
    public ValueTask RevokeAllForUserAsync(string userEmail, CancellationToken cancellationToken = default) =>
        _store.DeleteForUserAsync(userEmail, cancellationToken);

    /// <summary>The session id from the request's cookie, if any.</summary>
    public static string? ReadSessionId(HttpRequest request) =>
        request.Cookies.TryGetValue(CookieName, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    /// <summary>
    /// Sets the session cookie (HttpOnly) and the CSRF cookie (readable by the UI's script, which echoes it in
    /// <c>X-CSRF-Token</c>). Both are SameSite=Strict, Path=/, Secure when the request came over https, and
    /// expire at the absolute lifetime; idle expiry is enforced on the server.
    /// </summary>
    public static void AppendCookies(HttpContext context, IssuedSession session)
    {
        var secure = context.Request.IsHttps;
        context.Response.Cookies.Append(CookieName, session.SessionId, CookieOptions(secure, httpOnly: true, session.AbsoluteExpiresAt));
        context.Response.Cookies.Append(CsrfProtection.CookieName, session.CsrfToken, CookieOptions(secure, httpOnly: false, session.AbsoluteExpiresAt));
    }

    /// <summary>Removes both cookies (sign-out).</summary>
    public static void ClearCookies(HttpContext context)
    {
        var secure = context.Request.IsHttps;
        context.Response.Cookies.Delete(CookieName, CookieOptions(secure, httpOnly: true, null));
        context.Response.Cookies.Delete(CsrfProtection.CookieName, CookieOptions(secure, httpOnly: false, null));
    }

    private static CookieOptions CookieOptions(bool secure, bool httpOnly, DateTimeOffset? expires) => new()
    {
        HttpOnly = httpOnly,
        Secure = secure,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
