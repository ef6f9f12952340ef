using System.Net;

namespace Sluice.Gateway.Tests.AccessControl;

/// <summary>UI sign-in over HTTP: invitation, password, API key, cookies, CSRF, bearer precedence, deactivation.</summary>
public sealed class SignInTests : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
    private AccessHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await AccessHost.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await _host.AdminAsync(HttpMethod.Post, "/api/v1/apply", MatrixFixture.Manifest, "application/yaml")).Status);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task AcceptInvite_ValidToken_SetsPasswordAndStrictHttpOnlyCookies()
    {
        var accepted = await AcceptInviteAsync("access@example.com");

        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        Assert.Equal("access@example.com", accepted.Json.GetProperty("user").GetProperty("email").GetString());
        Assert.False(accepted.Json.GetProperty("user").GetProperty("tenant_admin").GetBoolean());
        var session = accepted.SetCookies.Single(c => c.StartsWith("sluice_session=", StringComparison.Ordinal)).ToLowerInvariant();
        var csrf = accepted.SetCookies.Single(c => c.StartsWith("sluice_csrf=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", session, StringComparison.Ordinal);
        Assert.Contains("samesite=strict", session, StringComparison.Ordinal);
        Assert.DoesNotContain("httponly", csrf, StringComparison.Ordinal);
        Assert.Contains("samesite=strict", csrf, StringComparison.Ordinal);
        Assert.Equal(accepted.Json.GetProperty("csrf_token").GetString(), accepted.Cookie("sluice_csrf"));
    }

    [Fact]
    public async Task AcceptInvite_TokenUsedTwice_SecondIsRejected()
    {
        var invite = await _host.AdminAsync(HttpMethod.Post, "/api/v1/users/member@example.com/invite");
        var token = TokenOf(invite);

        var first = await _host.SendAsync(HttpMethod.Post, "/api/v1/auth/accept-invite", $$"""{"token":"{{token}}","password":"{{Password}}"}""");
        var second = await _host.SendAsync(HttpMethod.Post, "/api/v1/auth/accept-invite", $$"""{"token":"{{token}}","password":"another long password"}""");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.BadRequest, second.Status);
        Assert.Equal("invite_invalid", second.ErrorCode);
    }

    [Fact]
    public async Task AcceptInvite_ShortPassword_RejectedWithoutBurningTheInvite()
    {
        var invite = await _host.AdminAsync(HttpMethod.Post, "/api/v1/users/member@example.com/invite");
        var token = TokenOf(invite);

        var weak = await _host.SendAsync(HttpMethod.Post, "/api/v1/auth/accept-invite", $$"""{"token":"{{token}}","password":"short"}""");
        var good = await _host.SendAsync(HttpMethod.Post, "/api/v1/auth/accept-invite", $$"""{"token":"{{token}}","password":"{{Password}}"}""");

        Assert.Equal(HttpStatusCode.BadRequest, weak.Status);
        Assert.Equal("password", weak.Json.GetProperty("error").GetProperty("details")[0].GetProperty("path").GetString());
        Assert.Equal(HttpStatusCode.OK, good.Status);
    }

    [Fact]
    public async Task Login_WrongPasswordAndUnknownUser_SameGeneric401()
    {
        await AcceptInviteAsync("access@example.com");

        var wrong = await LoginAsync("access@example.com", "not the password at all");
        var unknown = await LoginAsync("ghost@example.com", Password);
        var right = await LoginAsync("Access@Example.com", Password);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.Status);
        Assert.Equal("Email or password is wrong.", wrong.ErrorMessage);
        Assert.Equal(wrong.Text, unknown.Text);
        Assert.Equal(HttpStatusCode.OK, right.Status);
    }

    [Fact]
    public async Task Login_RepeatedFailures_AreThrottled()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            statuses.Add((await LoginAsync("nobody@example.com", "wrong password " + i)).Status);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, statuses[0]);
        Assert.Equal((HttpStatusCode)429, statuses[^1]);
    }

    [Fact]
    public async Task Me_WithSessionCookie_ReturnsTheUser()
    {
        var signedIn = await AcceptInviteAsync("manager@example.com");

        var me = await _host.SendAsync(HttpMethod.Get, "/api/v1/auth/me", headers: Cookies(signedIn));

        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Equal("manager@example.com", me.Json.GetProperty("email").GetString());
        Assert.Equal("user", me.Json.GetProperty("kind").GetString());
        Assert.False(me.Json.GetProperty("tenant_admin").GetBoolean());
    }

    [Fact]
    public async Task CookieStateChange_WithoutCsrfHeader_Is403CsrfFailed()
    {
        var signedIn = await AcceptInviteAsync("manager@example.com");
        const string body = """{"name":"from the ui"}""";

        var missing = await _host.SendAsync(HttpMethod.Post, "/api/v1/personal-access-tokens", body, headers: Cookies(signedIn));
        var wrong = await _host.SendAsync(HttpMethod.Post, "/api/v1/personal-access-tokens", body, headers: Cookies(signedIn, csrf: "bogus"));
        var ok = await _host.SendAsync(HttpMethod.Post, "/api/v1/personal-access-tokens", body, headers: Cookies(signedIn, csrf: signedIn.Cookie("sluice_csrf")));

        Assert.Equal(HttpStatusCode.Forbidden, missing.Status);
        Assert.Equal("csrf_failed", missing.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.Status);
        Assert.Equal("csrf_failed", wrong.ErrorCode);
        Assert.Equal(HttpStatusCode.Created, ok.Status);
    }

    [Fact]
    public async Task CookieSession_CanCallModelsAndReadAccount()
    {
        var signedIn = await AcceptInviteAsync("access@example.com");

        var models = await _host.SendAsync(HttpMethod.Get, "/v1/models", headers: Cookies(signedIn));
        var chat = await _host.SendAsync(HttpMethod.Post, "/v1/chat/completions", """{"model":"acct/open-model","messages":[{"role":"user","content":"hi"}]}""",
            headers: Cookies(signedIn, csrf: signedIn.Cookie("sluice_csrf")));
        var chatWithoutCsrf = await _host.SendAsync(HttpMethod.Post, "/v1/chat/completions", """{"model":"acct/open-model","messages":[{"role":"user","content":"hi"}]}""",
            headers: Cookies(signedIn));

        Assert.Equal(HttpStatusCode.OK, models.Status);
        Assert.Equal(2, models.Json.GetProperty("data").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, chat.Status);
        Assert.Equal(HttpStatusCode.Forbidden, chatWithoutCsrf.Status);
    }

    [Fact]
    public async Task BadBearerWithValidCookie_Is401_NoFallbackToCookie()
    {
        var signedIn = await AcceptInviteAsync("access@example.com");

        var admin = await _host.SendAsync(HttpMethod.Get, "/api/v1/provider-accounts/acct", token: "sk-sluice-0000000000000000.bad", headers: Cookies(signedIn));
        var data = await _host.SendAsync(HttpMethod.Get, "/v1/models", token: "sk-sluice-0000000000000000.bad", headers: Cookies(signedIn));

        Assert.Equal(HttpStatusCode.Unauthorized, admin.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, data.Status);
    }

    [Fact]
    public async Task BearerStateChange_WithStaleCookie_IsExemptFromCsrf()
    {
        var signedIn = await AcceptInviteAsync("manager@example.com");
        var (_, token) = await _host.PatAsync("manager@example.com");

        var reply = await _host.SendAsync(HttpMethod.Post, "/api/v1/personal-access-tokens", """{"name":"cli"}""", token, headers: Cookies(signedIn));

        Assert.Equal(HttpStatusCode.Created, reply.Status);
    }

    [Fact]
    public async Task Deactivation_EndsSessionAndTokensAndBlocksLogin()
    {
        var signedIn = await AcceptInviteAsync("access@example.com");
        var (_, token) = await _host.PatAsync("access@example.com");

        var deactivate = await _host.AdminAsync(HttpMethod.Put, "/api/v1/users/access@example.com", """{"active":false}""");
        var me = await _host.SendAsync(HttpMethod.Get, "/api/v1/auth/me", headers: Cookies(signedIn));
        var call = await _host.SendAsync(HttpMethod.Get, "/v1/models", token: token);
        var login = await LoginAsync("access@example.com", Password);
        await _host.AdminAsync(HttpMethod.Put, "/api/v1/users/access@example.com", """{"active":true}""");
        var callAfterReactivation = await _host.SendAsync(HttpMethod.Get, "/v1/models", token: token);

        Assert.Equal(HttpStatusCode.OK, deactivate.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, me.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, call.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, login.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, callAfterReactivation.Status);
    }

    [Fact]
    public async Task Logout_EndsTheSession()
    {
        var signedIn = await AcceptInviteAsync("manager@example.com");

        var logout = await _host.SendAsync(HttpMethod.Post, "/api/v1/auth/logout", headers: Cookies(signedIn, csrf: signedIn.Cookie("sluice_csrf")));
        var me = await _host.SendAsync(HttpMethod.Get, "/api/v1/auth/me", headers: Cookies(signedIn));

        Assert.Equal(HttpStatusCode.NoContent, logout.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, me.Status);
    }

    [Fact]
    public async Task LoginWithKey_UserKeyOpensSession_VirtualAccountKeyRefused()
    {
        var (_, userKey) = await _host.PatAsync("manager@example.com");
        var va = await _host.AdminAsync(HttpMethod.Post, "/api/v1/virtual-accounts/bot/tokens", """{"name":"k"}""");

        var user = await _host.SendAsync(HttpMethod.Post, "/api/v1/auth/login-with-key", $$"""{"api_key":"{{userKey}}"}""");
        var bot = await _host.SendAsync(HttpMethod.Post, "/api/v1/auth/login-with-key", $$"""{"api_key":"{{va.Json.GetProperty("token").GetString()}}"}""");
        var bad = await _host.SendAsync(HttpMethod.Post, "/api/v1/auth/login-with-key", """{"api_key":"sk-sluice-0000000000000000.nope"}""");
        var admin = await _host.SendAsync(HttpMethod.Post, "/api/v1/auth/login-with-key", $$"""{"api_key":"{{AccessHost.AdminToken}}"}""");

        Assert.Equal(HttpStatusCode.OK, user.Status);
        Assert.NotNull(user.Cookie("sluice_session"));
        Assert.Equal(HttpStatusCode.Forbidden, bot.Status);
        Assert.Null(bot.Cookie("sluice_session"));
        Assert.Equal(HttpStatusCode.Unauthorized, bad.Status);
        Assert.True(admin.Json.GetProperty("user").GetProperty("tenant_admin").GetBoolean());
    }

    private async Task<AccessHost.Reply> AcceptInviteAsync(string email)
    {
        var invite = await _host.AdminAsync(HttpMethod.Post, $"/api/v1/users/{email}/invite");
        Assert.Equal(HttpStatusCode.Created, invite.Status);
        return await _host.SendAsync(HttpMethod.Post, "/api/v1/auth/accept-invite", $$"""{"token":"{{TokenOf(invite)}}","password":"{{Password}}"}""");
    }

    private Task<AccessHost.Reply> LoginAsync(string email, string password) =>
        _host.SendAsync(HttpMethod.Post, "/api/v1/auth/login", $$"""{"email":"{{email}}","password":"{{password}}"}""");

    private static string TokenOf(AccessHost.Reply invite)
    {
        var url = invite.Json.GetProperty("invite_url").GetString()!;
        Assert.StartsWith("/ui/#/accept-invite?token=", url, StringComparison.Ordinal);
        return url[(url.IndexOf("token=", StringComparison.Ordinal) + 6)..];
    }

    private static Dictionary<string, string> Cookies(AccessHost.Reply signedIn, string? csrf = null)
    {
        var headers = new Dictionary<string, string> { ["Cookie"] = $"sluice_session={signedIn.Cookie("sluice_session")}; sluice_csrf={signedIn.Cookie("sluice_csrf")}" };
        if (csrf is not null)
        {
            headers["X-CSRF-Token"] = csrf;
        }

        return headers;
    }
}
