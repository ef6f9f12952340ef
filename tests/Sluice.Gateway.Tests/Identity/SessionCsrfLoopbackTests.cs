using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sluice.Gateway.Identity;

namespace Sluice.Gateway.Tests.Identity;

/// <summary>Sessions and CSRF through real Kestrel on loopback, with a real cookie container as the browser.</summary>
public sealed class SessionCsrfLoopbackTests : IAsyncLifetime
{
    private WebApplication? _app;
    private HttpClient? _client;
    private CookieContainer? _cookies;
    private Uri? _base;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<ISessionStore, InMemorySessionStore>();
        builder.Services.AddSingleton(sp => new SessionTokens(sp.GetRequiredService<ISessionStore>(), TimeProvider.System));
        _app = builder.Build();

        _app.MapPost("/sign-in", async (HttpContext context, SessionTokens sessions) =>
        {
            var issued = await sessions.CreateAsync("alice@example.com");
            SessionTokens.AppendCookies(context, issued);
            return Results.Json(new { csrf_token = issued.CsrfToken });
        });
        var api = _app.MapGroup("/api").AddEndpointFilter<CsrfEndpointFilter>();
        api.MapPost("/thing", async (HttpContext context, SessionTokens sessions) =>
        {
            var session = await sessions.ValidateAsync(SessionTokens.ReadSessionId(context.Request));
            return session is null && context.Request.Headers.Authorization.Count == 0 ? Results.Unauthorized() : Results.Ok("changed");
        });

        await _app.StartAsync();
        _base = new Uri(_app.Urls.First());
        _cookies = new CookieContainer();
        _client = new HttpClient(new HttpClientHandler { CookieContainer = _cookies }) { BaseAddress = _base };
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task PostThing_CookieWithCsrfHeader_Allowed()
    {
        var token = await SignInAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/thing");
        request.Headers.Add(CsrfProtection.HeaderName, token);

        using var response = await _client!.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task PostThing_CookieWithoutCsrfHeader_Forbidden()
    {
        await SignInAsync();

        using var response = await _client!.PostAsync(new Uri("/api/thing", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("csrf_token_missing", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostThing_BearerKeyWithoutCsrfHeader_NotBlockedByCsrf()
    {
        await SignInAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/thing");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "sk-sluice-0123456789abcdef.secret");

        using var response = await _client!.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_Response_SetsHttpOnlyStrictSessionCookieAndReadableCsrfCookie()
    {
        await SignInAsync();

        var cookies = _cookies!.GetCookies(_base!);
        var session = cookies[SessionTokens.CookieName];
        var csrf = cookies[CsrfProtection.CookieName];
        Assert.NotNull(session);
        Assert.True(session!.HttpOnly);
        Assert.Equal("/", session.Path);
        Assert.False(session.Secure); // plain http on loopback
        Assert.NotNull(csrf);
        Assert.False(csrf!.HttpOnly);
    }

    private async Task<string> SignInAsync()
    {
        using var response = await _client!.PostAsync(new Uri("/sign-in", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
        var setCookie = string.Join("\n", response.Headers.GetValues("Set-Cookie")).ToLowerInvariant();
        Assert.Contains("samesite=strict", setCookie, StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("csrf_token").GetString()!;
    }
}
