using Microsoft.AspNetCore.Http;
using Sluice.Gateway.Identity;

namespace Sluice.Gateway.Tests.Identity;

public sealed class CsrfProtectionTests
{
    private const string SessionId = "session-id-for-tests";

    [Fact]
    public void Check_PostWithSessionCookieAndMatchingHeader_Valid()
    {
        var request = Request("POST", cookie: SessionId, header: CsrfProtection.TokenFor(SessionId));

        Assert.Equal(CsrfCheckResult.Valid, CsrfProtection.Check(request));
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public void Check_StateChangingWithCookieNoHeader_Missing(string method)
    {
        Assert.Equal(CsrfCheckResult.Missing, CsrfProtection.Check(Request(method, cookie: SessionId)));
    }

    [Fact]
    public void Check_HeaderFromAnotherSession_Invalid()
    {
        var request = Request("POST", cookie: SessionId, header: CsrfProtection.TokenFor("someone-elses-session"));

        Assert.Equal(CsrfCheckResult.Invalid, CsrfProtection.Check(request));
    }

    [Fact]
    public void Check_HeaderEqualToSessionId_Invalid()
    {
        // Double-submitting the cookie value itself must not pass: the token is derived from it.
        Assert.Equal(CsrfCheckResult.Invalid, CsrfProtection.Check(Request("POST", cookie: SessionId, header: SessionId)));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    [InlineData("OPTIONS")]
    public void Check_SafeMethodWithCookie_NotRequired(string method)
    {
        Assert.Equal(CsrfCheckResult.NotRequired, CsrfProtection.Check(Request(method, cookie: SessionId)));
    }

    [Fact]
    public void Check_BearerAuthenticatedPost_Exempt()
    {
        var request = Request("POST", cookie: SessionId);
        request.Headers.Authorization = "Bearer sk-sluice-0123456789abcdef.secret";

        Assert.Equal(CsrfCheckResult.NotRequired, CsrfProtection.Check(request));
    }

    [Fact]
    public void Check_PostWithoutSessionCookie_NotRequired()
    {
        Assert.Equal(CsrfCheckResult.NotRequired, CsrfProtection.Check(Request("POST")));
    }

    [Fact]
    public async Task CsrfMiddleware_MissingHeader_403AndNextNotCalled()
    {
        var called = false;
        var middleware = new CsrfMiddleware(_ => { called = true; return Task.CompletedTask; });
        var context = new DefaultHttpContext();
        context.Request.Method = "DELETE";
        context.Request.Headers.Cookie = $"{SessionTokens.CookieName}={SessionId}";
        context.Response.Body = new MemoryStream();

        await middleware.InvokeAsync(context);

        Assert.False(called);
        Assert.Equal(403, context.Response.StatusCode);
        await context.Response.BodyWriter.FlushAsync();
        context.Response.Body.Position = 0;
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync();
        Assert.Contains("\"code\":\"csrf_token_missing\"", body, StringComparison.Ordinal);
        Assert.Contains("X-CSRF-Token", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CsrfMiddleware_ValidHeader_CallsNext()
    {
        var called = false;
        var middleware = new CsrfMiddleware(_ => { called = true; return Task.CompletedTask; });
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Headers.Cookie = $"{SessionTokens.CookieName}={SessionId}";
        context.Request.Headers[CsrfProtection.HeaderName] = CsrfProtection.TokenFor(SessionId);

        await middleware.InvokeAsync(context);

        Assert.True(called);
    }

    private static HttpRequest Request(string method, string? cookie = null, string? header = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        if (cookie is not null)
        {
            context.Request.Headers.Cookie = $"{SessionTokens.CookieName}={cookie}";
        }

        if (header is not null)
        {
            context.Request.Headers[CsrfProtection.HeaderName] = header;
        }

        return context.Request;
    }
}
