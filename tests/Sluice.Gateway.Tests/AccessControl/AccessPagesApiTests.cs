using System.Net;

namespace Sluice.Gateway.Tests.AccessControl;

/// <summary>
/// What the web UI's Access pages and role-aware navigation rely on: <c>GET /api/v1/auth/me</c> names the provider
/// accounts the caller may change, and the audit log's filters refuse bad values with a 400 naming the parameter.
/// </summary>
public sealed class AccessPagesApiTests : IAsyncLifetime
{
    private AccessHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await AccessHost.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await _host.AdminAsync(HttpMethod.Post, "/api/v1/apply", MatrixFixture.Manifest, "application/yaml")).Status);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Me_Manager_ListsOnlyTheAccountTheyManage()
    {
        var (_, token) = await _host.PatAsync("manager@example.com");

        var me = await _host.SendAsync(HttpMethod.Get, "/api/v1/auth/me", token: token);

        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Equal(["acct"], me.Json.GetProperty("managed_accounts").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Me_AccessRoleOnly_ListsNoAccount()
    {
        var (_, token) = await _host.PatAsync("access@example.com");

        var me = await _host.SendAsync(HttpMethod.Get, "/api/v1/auth/me", token: token);

        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Equal(0, me.Json.GetProperty("managed_accounts").GetArrayLength());
    }

    [Fact]
    public async Task Me_TenantAdmin_ListsEveryAccountSorted()
    {
        var accounts = await _host.AdminAsync(HttpMethod.Get, "/api/v1/provider-accounts");
        var expected = accounts.Json.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("name").GetString()).Order(StringComparer.Ordinal).ToList();

        var me = await _host.AdminAsync(HttpMethod.Get, "/api/v1/auth/me");

        Assert.True(expected.Count >= 2, accounts.Text);
        Assert.Equal(expected, me.Json.GetProperty("managed_accounts").EnumerateArray().Select(a => a.GetString()));
    }

    [Theory]
    [InlineData("since=yesterday", "since")]
    [InlineData("until=not-a-time", "until")]
    [InlineData("limit=lots", "limit")]
    public async Task Audit_BadFilterValue_Is400NamingTheParameter(string query, string parameter)
    {
        var reply = await _host.AdminAsync(HttpMethod.Get, "/api/v1/audit?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("validation_failed", reply.ErrorCode);
        Assert.Equal(parameter, reply.Json.GetProperty("error").GetProperty("details")[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task Audit_SinceAfterAChange_ListsOnlyLaterEntries()
    {
        var before = await _host.AdminAsync(HttpMethod.Get, "/api/v1/audit?limit=1");
        var latest = before.Json.GetProperty("data")[0].GetProperty("at").GetString()!;
        Assert.Equal(HttpStatusCode.Created, (await _host.AdminAsync(HttpMethod.Post, "/api/v1/teams", """{"name":"later-team","members":[]}""")).Status);

        var after = await _host.AdminAsync(HttpMethod.Get, "/api/v1/audit?since=" + Uri.EscapeDataString(DateTimeOffset.Parse(latest, System.Globalization.CultureInfo.InvariantCulture).AddTicks(1).ToString("O")));

        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.Equal(["team:later-team"], after.Json.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("target").GetString()));
    }
}
