using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Sluice.Core.Errors;

namespace Sluice.Gateway.Identity;

/// <summary>
/// CSRF protection for cookie-authenticated calls. The token is an HMAC of the session id, so it is bound to the
/// session, needs no storage, and cannot be computed by a page that cannot read the HttpOnly session cookie.
/// State-changing requests (POST, PUT, PATCH, DELETE) that carry the session cookie must send it in
/// <c>X-CSRF-Token</c>. Requests with an <c>Authorization</c> header are exempt: browsers never attach one on
/// their own, so the authentication layer must then use the bearer key and never fall back to the cookie.
/// </summary>
public static class CsrfProtection
{
    public const string HeaderName = "X-CSRF-Token";

    /// <summary>The readable cookie holding the token for the UI's script.</summary>
    public const string CookieName = "sluice_csrf";

    private static readonly byte[] Purpose = "sluice-csrf-v1"u8.ToArray();

    private static readonly GatewayError MissingError = new(403, ErrorTypes.Permission, "csrf_token_missing",
        $"This request changes state and is authenticated by the session cookie, so it must carry the {HeaderName} header " +
        $"(its value is in the {CookieName} cookie and the sign-in response). API clients should send an API key instead.");

    private static readonly GatewayError InvalidError = new(403, ErrorTypes.Permission, "csrf_token_invalid",
        $"The {HeaderName} header does not match this session. Reload the page (or sign in again) to get a fresh token.");

    /// <summary>The CSRF token of a session id.</summary>
    public static string TokenFor(string sessionId)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(sessionId), Purpose);
        return Base64Url.EncodeToString(mac);
    }

    /// <summary>Constant-time check of a presented token against the session id.</summary>
    public static bool IsValid(string sessionId, string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(TokenFor(sessionId));
        var actual = Encoding.UTF8.GetBytes(presented);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    public static bool IsStateChanging(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    /// <summary>Decides whether a request passes CSRF protection; see the type's summary for the rules.</summary>
    public static CsrfCheckResult Check(HttpRequest request)
    {
        if (!IsStateChanging(request.Method) || request.Headers.Authorization.Count > 0)
        {
            return CsrfCheckResult.NotRequired;
        }

        var sessionId = SessionTokens.ReadSessionId(request);
        if (sessionId is null)
        {
            return CsrfCheckResult.NotRequired;
        }

        var header = request.Headers[HeaderName];
        if (header.Count == 0 || string.IsNullOrEmpty(header[0]))
        {
            return CsrfCheckResult.Missing;
        }

        return header.Count == 1 && IsValid(sessionId, header[0]) ? CsrfCheckResult.Valid : CsrfCheckResult.Invalid;
    }

    /// <summary>The 403 to answer with for a failed check, or null when the request may go on.</summary>
    public static GatewayError? ErrorFor(CsrfCheckResult result) => result switch
    {
        CsrfCheckResult.Missing => MissingError,
        CsrfCheckResult.Invalid => InvalidError,
        _ => null,
    };
}
