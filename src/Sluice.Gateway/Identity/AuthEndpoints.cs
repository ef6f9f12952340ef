using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Core.Access;
using Sluice.Core.Errors;
using Sluice.Gateway.Admin;
using Sluice.Gateway.Manifests;
using Sluice.Gateway.Snapshots;

namespace Sluice.Gateway.Identity;

/// <summary>
/// UI sign-in under <c>/api/v1/auth</c>: password or API-key sign-in, sign-out, who-am-I, and accepting an
/// invitation. A successful sign-in answers <c>{"user": {"email", "tenant_admin"}, "csrf_token"}</c> and sets the
/// <c>sluice_session</c> (HttpOnly) and <c>sluice_csrf</c> cookies, both SameSite=Strict.
/// </summary>
public static class AuthEndpoints
{
    private static readonly GatewayError WrongCredentials = new(401, ErrorTypes.Authentication, "invalid_credentials", "Email or password is wrong.");

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder endpoints)
    {
        var auth = endpoints.MapGroup("/api/v1/auth");
        auth.MapPost("/login", LoginAsync);
        auth.MapPost("/login-with-key", LoginWithKeyAsync);
        auth.MapPost("/logout", LogoutAsync);
        auth.MapGet("/me", MeAsync);
        auth.MapPost("/check-invite", CheckInviteAsync);
        auth.MapPost("/accept-invite", AcceptInviteAsync);
        return endpoints;
    }

    private static async Task<IResult> LoginAsync(HttpContext http, UserService users, PasswordHasher hasher, LoginThrottle throttle, SessionTokens sessions, SnapshotHolder holder)
    {
        if (await ReadBodyAsync(http) is not { } body)
        {
            return Results.Empty;
        }

        if (UserEndpoints.Text(body, "email") is not { } rawEmail || UserEndpoints.Text(body, "password") is not { } password)
        {
            return await AdminJson.ErrorAsync(http, GatewayError.InvalidRequest(
                "Send {\"email\": \"...\", \"password\": \"...\"}: both are required strings.", null, "invalid_body"));
        }

        var email = Subject.NormalizeEmail(rawEmail);
        var address = http.Connection.RemoteIpAddress?.ToString();
        if (await throttle.RetryAfterAsync(email, address, http.RequestAborted) is { } wait)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return await AdminJson.ErrorAsync(http, new GatewayError(429, ErrorTypes.RateLimit, "too_many_attempts",
                "Too many failed sign-in attempts. Wait a few minutes and try again."));
        }

        // Unknown users, users without a password and deactivated users cost the same Argon2 work as a wrong password.
        var hash = email.Length == 0 ? null : await users.PasswordHashOfAsync(email, http.RequestAborted);
        var ok = hasher.Verify(hash, password.Length == 0 ? "\0" : password) && hash is not null;
        var principal = ok ? holder.Current.Access.PrincipalFor(email) : null;
        if (principal is null)
        {
            await throttle.FailedAsync(email, address, CancellationToken.None);
            return await AdminJson.ErrorAsync(http, WrongCredentials);
        }

        await throttle.SucceededAsync(email, CancellationToken.None);
        return await SignInAsync(http, sessions, principal);
    }

    private static async Task<IResult> LoginWithKeyAsync(HttpContext http, SessionTokens sessions, SnapshotHolder holder, TimeProvider time)
    {
        if (await ReadBodyAsync(http) is not { } body)
        {
            return Results.Empty;
        }

        var key = UserEndpoints.Text(body, "api_key") ?? "";
        if (!ApiKeyAuthenticator.TryAuthenticate(holder.Current, "Bearer " + key, time.GetUtcNow(), out var principal, out var error))
        {
            return await AdminJson.ErrorAsync(http, error!);
        }

        if (principal!.Kind == PrincipalKind.VirtualAccount)
        {
            return await AdminJson.ErrorAsync(http, new GatewayError(403, ErrorTypes.Permission, "virtual_account_session",
                "A virtual account's key cannot open a UI session; sign in as a user (a personal access token or a password)."));
        }

        return await SignInAsync(http, sessions, principal);
    }

    private static async Task<IResult> LogoutAsync(HttpContext http, SessionTokens sessions)
    {
        if (SessionTokens.ReadSessionId(http.Request) is { } sessionId)
        {
            await sessions.RevokeAsync(sessionId, http.RequestAborted);
        }

        SessionTokens.ClearCookies(http);
        return Results.NoContent();
    }

    private static async Task<IResult> MeAsync(HttpContext http, RequestAuthenticator authenticator, SnapshotHolder holder)
    {
        var result = await authenticator.AuthenticateAsync(http);
        if (result.Principal is not { } principal)
        {
            return await AdminJson.ErrorAsync(http, result.Error!);
        }

        return await AdminJson.WriteAsync(http, 200, w =>
        {
            w.WriteStartObject();
            if (AdminAuthorization.EmailOf(principal) is { } email) w.WriteString("email", email); else w.WriteNull("email");
            w.WriteString("name", principal.DisplayName);
            w.WriteBoolean("tenant_admin", principal.IsTenantAdmin);
            w.WriteString("kind", KindName(principal.Kind));
            w.WriteString("auth", result.SessionId is null ? "api_key" : "session");
            w.WriteStartArray("managed_accounts");
            foreach (var account in holder.Current.Access.AccountsManagedBy(principal))
            {
                w.WriteStringValue(account);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> CheckInviteAsync(HttpContext http, InviteTokens invites)
    {
        if (await ReadBodyAsync(http) is not { } body)
        {
            return Results.Empty;
        }

        if (UserEndpoints.Text(body, "token") is not { } token)
        {
            return await AdminJson.ErrorAsync(http, GatewayError.InvalidRequest("Send {\"token\": \"...\"}: the invitation token from the link.", "token", "invalid_body"));
        }

        var result = await invites.CheckAsync(token, http.RequestAborted);
        return await AdminJson.WriteAsync(http, 200, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("valid", result.IsValid);
            if (result.Email is { } email) w.WriteString("email", email); else w.WriteNull("email");
            w.WriteString("message", result.Message);
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> AcceptInviteAsync(HttpContext http, InviteTokens invites, UserService users, PasswordHasher hasher, SessionTokens sessions, SnapshotHolder holder)
    {
        if (await ReadBodyAsync(http) is not { } body)
        {
            return Results.Empty;
        }

        var token = UserEndpoints.Text(body, "token");
        var password = UserEndpoints.Text(body, "password");
        var check = await invites.CheckAsync(token, http.RequestAborted);
        if (!check.IsValid)
        {
            return await AdminJson.ErrorAsync(http, AdminAuthorization.BadRequest(check.Message, "invite_invalid"));
        }

        // The policy is checked before redeeming, so a rejected password does not burn the invitation.
        if (PasswordPolicy.Check(password, check.Email) is { } problem)
        {
            return await AdminJson.ProblemsAsync(http, [new ValidationProblem("password", problem)]);
        }

        var redeemed = await invites.RedeemAsync(token, http.RequestAborted);
        if (!redeemed.IsValid)
        {
            return await AdminJson.ErrorAsync(http, AdminAuthorization.BadRequest(redeemed.Message, "invite_invalid"));
        }

        var email = redeemed.Email!;
        if (holder.Current.Access.PrincipalFor(email) is null || !await users.SetPasswordHashAsync(email, hasher.Hash(password!), Subject.ForUser(email), http.RequestAborted))
        {
            return await AdminJson.ErrorAsync(http, AdminAuthorization.BadRequest($"User \"{email}\" no longer exists or is deactivated.", "user_inactive"));
        }

        return await SignInAsync(http, sessions, holder.Current.Access.PrincipalFor(email)!);
    }

    private static async Task<IResult> SignInAsync(HttpContext http, SessionTokens sessions, Principal principal)
    {
        var session = await sessions.CreateAsync(principal.DisplayName, http.RequestAborted);
        SessionTokens.AppendCookies(http, session);
        http.Response.Headers.CacheControl = "no-store";
        return await AdminJson.WriteAsync(http, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("user");
            w.WriteString("email", principal.DisplayName);
            w.WriteBoolean("tenant_admin", principal.IsTenantAdmin);
            w.WriteEndObject();
            w.WriteString("csrf_token", session.CsrfToken);
            w.WriteEndObject();
        });
    }

    private static async Task<JsonObject?> ReadBodyAsync(HttpContext http)
    {
        var (node, error) = await BodyReader.ReadJsonAsync(http);
        if (node is JsonObject body)
        {
            return body;
        }

        await AdminJson.ErrorAsync(http, GatewayError.InvalidRequest(error ?? "the body must be a JSON object", code: "invalid_body"));
        return null;
    }

    private static string KindName(PrincipalKind kind) => kind switch
    {
        PrincipalKind.TenantAdmin => "tenant_admin",
        PrincipalKind.VirtualAccount => "virtual_account",
        _ => "user",
    };
}
