using Microsoft.AspNetCore.Http;
using Sluice.Gateway.Identity;

namespace Sluice.Gateway.Tests.Identity;

public sealed class SessionTokensTests
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly InMemorySessionStore _store = new();
    private readonly SessionTokens _sessions;

    public SessionTokensTests() =>
        _sessions = new SessionTokens(_store, _time, new SessionOptions { IdleTimeout = TimeSpan.FromHours(12), AbsoluteLifetime = TimeSpan.FromDays(2) });

    [Fact]
    public async Task ValidateAsync_FreshSession_GivesUser()
    {
        var issued = await _sessions.CreateAsync("alice@example.com");

        var session = await _sessions.ValidateAsync(issued.SessionId);

        Assert.Equal("alice@example.com", session?.UserEmail);
        Assert.Equal(CsrfProtection.TokenFor(issued.SessionId), issued.CsrfToken);
    }

    [Fact]
    public async Task CreateAsync_Store_NeverHoldsTheSessionId()
    {
        var issued = await _sessions.CreateAsync("alice@example.com");

        Assert.Null(await _store.FindAsync(issued.SessionId));
        Assert.Equal(1, _store.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("forged-session-id")]
    public async Task ValidateAsync_MissingOrUnknownId_Null(string? id)
    {
        await _sessions.CreateAsync("alice@example.com");

        Assert.Null(await _sessions.ValidateAsync(id));
    }

    [Fact]
    public async Task ValidateAsync_IdleLongerThanTimeout_NullAndDeleted()
    {
        var issued = await _sessions.CreateAsync("alice@example.com");

        _time.Advance(TimeSpan.FromHours(12));

        Assert.Null(await _sessions.ValidateAsync(issued.SessionId));
        Assert.Equal(0, _store.Count);
    }

    [Fact]
    public async Task ValidateAsync_UsedRegularly_SlidesPastIdleTimeout()
    {
        var issued = await _sessions.CreateAsync("alice@example.com");

        _time.Advance(TimeSpan.FromHours(7));
        Assert.NotNull(await _sessions.ValidateAsync(issued.SessionId));
        _time.Advance(TimeSpan.FromHours(7));

        var session = await _sessions.ValidateAsync(issued.SessionId);
        Assert.NotNull(session);
        Assert.Equal(_time.GetUtcNow(), session!.LastSeenAt);
    }

    [Fact]
    public async Task ValidateAsync_PastAbsoluteLifetime_NullEvenIfActive()
    {
        var issued = await _sessions.CreateAsync("alice@example.com");

        for (var i = 0; i < 6; i++)
        {
            _time.Advance(TimeSpan.FromHours(7));
            Assert.NotNull(await _sessions.ValidateAsync(issued.SessionId));
        }

        _time.Advance(TimeSpan.FromHours(7)); // 49 h > 2 days
        Assert.Null(await _sessions.ValidateAsync(issued.SessionId));
    }

    [Fact]
    public async Task RevokeAsync_OneSession_OnlyThatOneEnds()
    {
        var a = await _sessions.CreateAsync("alice@example.com");
        var b = await _sessions.CreateAsync("alice@example.com");

        await _sessions.RevokeAsync(a.SessionId);

        Assert.Null(await _sessions.ValidateAsync(a.SessionId));
        Assert.NotNull(await _sessions.ValidateAsync(b.SessionId));
    }

    [Fact]
    public async Task RevokeAllForUserAsync_User_EndsAllTheirSessionsOnly()
    {
        var a = await _sessions.CreateAsync("alice@example.com");
        var b = await _sessions.CreateAsync("alice@example.com");
        var other = await _sessions.CreateAsync("bob@example.com");

        await _sessions.RevokeAllForUserAsync("alice@example.com");

        Assert.Null(await _sessions.ValidateAsync(a.SessionId));
        Assert.Null(await _sessions.ValidateAsync(b.SessionId));
        Assert.NotNull(await _sessions.ValidateAsync(other.SessionId));
    }

    [Theory]
    [InlineData("https", true)]
    [InlineData("http", false)]
    public async Task AppendCookies_Request_SessionCookieHttpOnlyStrictRootAndSecureOnHttps(string scheme, bool secure)
    {
        var issued = await _sessions.CreateAsync("alice@example.com");
        var context = new DefaultHttpContext();
        context.Request.Scheme = scheme;

        SessionTokens.AppendCookies(context, issued);

        var cookies = context.Response.Headers.SetCookie.ToArray();
        var session = Assert.Single(cookies, c => c!.StartsWith("sluice_session=", StringComparison.Ordinal))!.ToLowerInvariant();
        var csrf = Assert.Single(cookies, c => c!.StartsWith("sluice_csrf=", StringComparison.Ordinal))!.ToLowerInvariant();
        Assert.Contains("httponly", session, StringComparison.Ordinal);
        Assert.Contains("samesite=strict", session, StringComparison.Ordinal);
        Assert.Contains("path=/", session, StringComparison.Ordinal);
        Assert.Equal(secure, session.Contains("secure", StringComparison.Ordinal));
        Assert.DoesNotContain("httponly", csrf, StringComparison.Ordinal);
        Assert.Contains("samesite=strict", csrf, StringComparison.Ordinal);
        Assert.Equal(secure, csrf.Contains("secure", StringComparison.Ordinal));
    }

    [Fact]
    public void ClearCookies_Response_ExpiresBothCookies()
    {
        var context = new DefaultHttpContext();

        SessionTokens.ClearCookies(context);

        var cookies = context.Response.Headers.SetCookie.ToArray();
        Assert.Equal(2, cookies.Length);
        Assert.All(cookies, c => Assert.Contains("expires=thu, 01 jan 1970", c!.ToLowerInvariant(), StringComparison.Ordinal));
    }
}
