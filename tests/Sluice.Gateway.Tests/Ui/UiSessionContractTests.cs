using System.Text.Json;
using Microsoft.Playwright;

namespace Sluice.Gateway.Tests.Ui;

/// <summary>
/// The UI's side of the sign-in contract (POST /api/v1/auth/login -> {user, csrf_token} + cookie; GET /api/v1/auth/me)
/// and its fallback for gateways without those endpoints, with answers set by the browser's request routing so
/// each case is pinned whatever this gateway build does.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class UiSessionContractTests(UiFixture fixture)
{
    private const string Csrf = "csrf-token-from-login";

    [Fact]
    public async Task PasswordSignIn_ThenChat_SendsCsrfHeaderAndNoBearerKey()
    {
        var page = await fixture.NewPageAsync();
        var me = 401;
        Dictionary<string, string>? chatHeaders = null;
        string? loginBody = null;
        await page.RouteAsync("**/api/v1/auth/me", r => me == 200
            ? JsonAsync(r, 200, new { email = "alice@example.com", name = "alice@example.com", tenant_admin = false, kind = "user", auth = "session" })
            : JsonAsync(r, 401, new { error = new { message = "Not signed in." } }));
        await page.RouteAsync("**/api/v1/auth/login", r =>
        {
            loginBody = r.Request.PostData;
            me = 200;
            return JsonAsync(r, 200, new { user = new { email = "alice@example.com", tenant_admin = false }, csrf_token = Csrf });
        });
        await page.RouteAsync("**/api/v1/provider-accounts", r => JsonAsync(r, 200, new { data = Array.Empty<object>() }));
        // After an answer the playground reads the call's usage record for its cost: the session is this test's fake,
        // so the real gateway would answer 401 and send the page back to sign-in (a race the assertions below lost under load).
        await page.RouteAsync("**/api/v1/usage?*", r => JsonAsync(r, 200, new { data = Array.Empty<object>() }));
        await page.RouteAsync("**/v1/models", r => JsonAsync(r, 200, new { data = new[] { new { id = "acct/chat-model", sluice = new { types = new[] { "chat" } } } } }));
        await page.RouteAsync("**/v1/chat/completions", r =>
        {
            chatHeaders = new Dictionary<string, string>(r.Request.Headers, StringComparer.OrdinalIgnoreCase);
            return r.FulfillAsync(new RouteFulfillOptions
            {
                Status = 200,
                ContentType = "application/json",
                Headers = new Dictionary<string, string> { ["x-request-id"] = "req_fake", ["x-sluice-upstream-region"] = "eu-west-1" },
                Body = """{"choices":[{"index":0,"message":{"role":"assistant","content":"hello from the session"}}],"usage":{"prompt_tokens":3,"completion_tokens":4}}""",
            });
        });

        await page.GotoAsync("/ui/");
        await page.GetByLabel("Email").FillAsync("alice@example.com");
        await page.GetByLabel("Password").FillAsync("correct horse battery");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync("alice@example.com");
        // Role-aware navigation: no account to manage, so no Provider accounts; Usage is everyone's (their own calls).
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Provider accounts" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Usage" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Access", Exact = true })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "API keys" })).ToBeVisibleAsync();
        await page.GetByLabel("Stream the answer").UncheckAsync();
        await page.GetByLabel("Message").FillAsync("hi");
        await page.GetByLabel("Message").PressAsync("Enter");
        await Assertions.Expect(page.Locator("article.msg.assistant .msg-body")).ToHaveTextAsync("hello from the session");
        await Assertions.Expect(page.Locator("article.msg.assistant .upstream-region")).ToHaveTextAsync("eu-west-1");

        using (var login = JsonDocument.Parse(loginBody!))
        {
            Assert.Equal("alice@example.com", login.RootElement.GetProperty("email").GetString());
            Assert.Equal("correct horse battery", login.RootElement.GetProperty("password").GetString());
        }

        Assert.NotNull(chatHeaders);
        Assert.Equal(Csrf, chatHeaders!["x-csrf-token"]);
        Assert.False(chatHeaders.ContainsKey("authorization"), "a cookie session must not send a bearer key");
    }

    [Fact]
    public async Task PasswordSignIn_Rejected_ShowsTheGatewaysMessage()
    {
        var page = await fixture.NewPageAsync();
        await page.RouteAsync("**/api/v1/auth/me", r => JsonAsync(r, 401, new { error = new { message = "Not signed in." } }));
        await page.RouteAsync("**/api/v1/auth/login", r => JsonAsync(r, 401, new { error = new { message = "Wrong email or password.", type = "authentication_error" } }));

        await page.GotoAsync("/ui/");
        await page.GetByLabel("Email").FillAsync("alice@example.com");
        await page.GetByLabel("Password").FillAsync("nope");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator(".card [role=alert]")).ToHaveTextAsync("Wrong email or password.");
    }

    [Fact]
    public async Task AcceptInvite_SetsPasswordWithTheLinksToken()
    {
        var page = await fixture.NewPageAsync();
        string? body = null;
        await page.RouteAsync("**/api/v1/auth/check-invite", r => JsonAsync(r, 200, new { valid = true, email = "bob@example.com", message = "ok" }));
        await page.RouteAsync("**/api/v1/auth/accept-invite", r =>
        {
            body = r.Request.PostData;
            return JsonAsync(r, 200, new { ok = true });
        });

        await page.GotoAsync("/ui/#/accept-invite?token=inv_123");
        await Assertions.Expect(page.GetByText("Choose a password for bob@example.com")).ToBeVisibleAsync();
        await page.GetByLabel("New password").FillAsync("a long enough password");
        await page.GetByLabel("Repeat the password").FillAsync("a long enough password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set password and sign in" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your account is ready" })).ToBeVisibleAsync();
        using var json = JsonDocument.Parse(body!);
        Assert.Equal("inv_123", json.RootElement.GetProperty("token").GetString());
        Assert.Equal("a long enough password", json.RootElement.GetProperty("password").GetString());
    }

    [Fact]
    public async Task KeySignIn_OnGatewayWithoutAuthEndpoints_FallsBackToBearerKeyInThisTab()
    {
        var page = await fixture.NewPageAsync();
        await page.RouteAsync("**/api/v1/auth/**", r => JsonAsync(r, 404, new { error = new { message = "Not found." } }));
        string? chatAuthorization = null;
        page.Request += (_, request) =>
        {
            if (request.Url.EndsWith("/v1/chat/completions", StringComparison.Ordinal))
            {
                chatAuthorization = request.Headers.TryGetValue("authorization", out var v) ? v : "";
            }
        };

        await page.GotoAsync("/ui/");
        await UiFixture.RevealKeyFormAsync(page);
        await page.GetByLabel("API key").FillAsync(UiFixture.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with API key" }).ClickAsync();
        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync("API key (tenant admin)");

        await page.GetByLabel("Model").SelectOptionAsync("demo-bedrock/claude-3-5-sonnet");
        await page.GetByLabel("Message").FillAsync("Echo through the bearer fallback");
        await page.GetByLabel("Message").PressAsync("Enter");
        await Assertions.Expect(page.Locator("article.msg.assistant .msg-body")).ToContainTextAsync("bearer fallback");

        Assert.Equal("Bearer " + UiFixture.AdminKey, chatAuthorization);
        Assert.Equal(UiFixture.AdminKey, await page.EvaluateAsync<string>("sessionStorage.getItem('sluice.apiKey')"));
    }

    private static Task JsonAsync(IRoute route, int status, object body) =>
        route.FulfillAsync(new RouteFulfillOptions { Status = status, ContentType = "application/json", Body = JsonSerializer.Serialize(body) });
}
