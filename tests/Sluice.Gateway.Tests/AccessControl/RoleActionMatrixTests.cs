using System.Net;
using System.Text.Json;

namespace Sluice.Gateway.Tests.AccessControl;

/// <summary>
/// The "done when" matrix over HTTP against the real host: every caller (row) against every admin action
/// and a model call on an unnarrowed and a narrowed model (columns). Expected: 2xx, 401 for a missing, bad,
/// expired or revoked key, or 403 whose message names the missing role.
/// </summary>
public sealed class RoleActionMatrixTests(MatrixFixture fixture) : IClassFixture<MatrixFixture>
{
    private const string Manager = "provider-account-manager";
    private const string Access = "provider-account-access";
    private const string Admin = "tenant admin";

    private static readonly string[] Readers = [MatrixRows.Admin, MatrixRows.Manager, MatrixRows.Access, MatrixRows.TeamMember, MatrixRows.VirtualAccount];
    private static readonly string[] Managers = [MatrixRows.Admin, MatrixRows.Manager];
    private static readonly string[] Users = [MatrixRows.Admin, MatrixRows.Manager, MatrixRows.Access, MatrixRows.TeamMember, MatrixRows.NoRole];
    private static readonly string[] Everyone = [.. Users, MatrixRows.VirtualAccount];

    public static TheoryData<string> Rows() => new(MatrixRows.All);

    /// <summary>One column: the request a row sends, who is allowed (and with which status), and the role others miss.</summary>
    private sealed record Column(string Name, HttpMethod Method, Func<string, string> Path, Func<string, string?> Body, string[] Allowed, HttpStatusCode Success, string MissingRole, string ContentType = "application/json");

    private static readonly string AccountDocument = MatrixFixture.Manifest[..MatrixFixture.Manifest.IndexOf("---", StringComparison.Ordinal)]
        .Replace("  secret_access_key: matrix-secret-access-key-0123456789\n", "", StringComparison.Ordinal);

    private static readonly Column[] Columns =
    [
        new("read account", HttpMethod.Get, _ => "/api/v1/provider-accounts/acct", _ => null, Readers, HttpStatusCode.OK, Access),
        new("read models", HttpMethod.Get, _ => "/api/v1/provider-accounts/acct/models", _ => null, Readers, HttpStatusCode.OK, Access),
        new("read collaborators", HttpMethod.Get, _ => "/api/v1/provider-accounts/acct/collaborators", _ => null, Readers, HttpStatusCode.OK, Access),
        new("update account", HttpMethod.Put, _ => "/api/v1/provider-accounts/acct",
            _ => """{"region":"us-east-1","auth_data":{"type":"access-key-based","access_key_id":"AKIDMATRIX"}}""", Managers, HttpStatusCode.OK, Manager),
        new("add model", HttpMethod.Post, _ => "/api/v1/provider-accounts/acct/models",
            row => $$"""{"name":"added-{{Slug(row)}}","model_id":"amazon.nova-lite-v1:0","model_types":["chat"]}""", Managers, HttpStatusCode.Created, Manager),
        new("update model", HttpMethod.Put, _ => "/api/v1/provider-accounts/acct/models/open-model",
            _ => """{"model_id":"amazon.nova-lite-v1:0","model_types":["chat"]}""", Managers, HttpStatusCode.OK, Manager),
        new("remove model", HttpMethod.Delete, row => $"/api/v1/provider-accounts/acct/models/added-{Slug(row)}", _ => null, Managers, HttpStatusCode.NoContent, Manager),
        new("manage collaborators", HttpMethod.Put, _ => "/api/v1/provider-accounts/acct/collaborators",
            _ => """{"collaborators":[{"subject":"user:manager@example.com","role_id":"provider-account-manager"},{"subject":"user:access@example.com","role_id":"provider-account-access"},{"subject":"team:mlteam","role_id":"provider-account-access"}]}""",
            Managers, HttpStatusCode.OK, Manager),
        new("test account", HttpMethod.Post, _ => "/api/v1/provider-accounts/acct/test", _ => null, Managers, HttpStatusCode.OK, Manager),
        new("apply account document", HttpMethod.Post, _ => "/api/v1/apply", _ => AccountDocument, Managers, HttpStatusCode.OK, Manager, "application/yaml"),
        new("create account", HttpMethod.Post, _ => "/api/v1/provider-accounts",
            row => $$$"""{"name":"new-{{{Slug(row)}}}","region":"us-east-1","auth_data":{"type":"api-key","api_key":"ABSKnewaccountkey0123456789"}}""", [MatrixRows.Admin], HttpStatusCode.Created, Admin),
        new("delete account", HttpMethod.Delete, _ => "/api/v1/provider-accounts/scratch", _ => null, [MatrixRows.Admin], HttpStatusCode.NoContent, Admin),
        new("apply user document", HttpMethod.Post, _ => "/api/v1/apply", row => $"type: user\nname: applied-{Slug(row)}@example.com\n", [MatrixRows.Admin], HttpStatusCode.OK, Admin, "application/yaml"),
        new("list users", HttpMethod.Get, _ => "/api/v1/users", _ => null, [MatrixRows.Admin], HttpStatusCode.OK, Admin),
        new("create user", HttpMethod.Post, _ => "/api/v1/users", row => $$"""{"email":"created-{{Slug(row)}}@example.com"}""", [MatrixRows.Admin], HttpStatusCode.Created, Admin),
        new("list teams", HttpMethod.Get, _ => "/api/v1/teams", _ => null, [MatrixRows.Admin], HttpStatusCode.OK, Admin),
        new("update team", HttpMethod.Put, _ => "/api/v1/teams/mlteam", _ => """{"members":["member@example.com"]}""", [MatrixRows.Admin], HttpStatusCode.OK, Admin),
        new("list virtual accounts", HttpMethod.Get, _ => "/api/v1/virtual-accounts", _ => null, [MatrixRows.Admin], HttpStatusCode.OK, Admin),
        new("create virtual-account token", HttpMethod.Post, _ => "/api/v1/virtual-accounts/bot/tokens", _ => """{"name":"more"}""", [MatrixRows.Admin], HttpStatusCode.Created, Admin),
        new("create own personal access token", HttpMethod.Post, _ => "/api/v1/personal-access-tokens", _ => """{"name":"self"}""", Users, HttpStatusCode.Created, Admin),
        new("create token for another user", HttpMethod.Post, _ => "/api/v1/personal-access-tokens", _ => """{"name":"other","user":"someone-else@example.com"}""",
            [MatrixRows.Admin], HttpStatusCode.Created, Admin),
        new("list tokens", HttpMethod.Get, _ => "/api/v1/tokens", _ => null, Everyone, HttpStatusCode.OK, Admin),
        new("read audit", HttpMethod.Get, _ => "/api/v1/audit", _ => null, [MatrixRows.Admin], HttpStatusCode.OK, Admin),
        new("read usage", HttpMethod.Get, _ => "/api/v1/usage", _ => null, Everyone, HttpStatusCode.OK, Admin),
        new("call unnarrowed model", HttpMethod.Post, _ => "/v1/chat/completions", _ => Chat("acct/open-model"), Readers, HttpStatusCode.OK, Access),
        new("call narrowed model", HttpMethod.Post, _ => "/v1/chat/completions", _ => Chat("acct/narrow-model"), [MatrixRows.Admin, MatrixRows.Access], HttpStatusCode.OK, Access),
    ];

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task EveryAction_ForRow_AnswersAsExpected(string row)
    {
        var failures = new List<string>();
        foreach (var column in Columns)
        {
            var reply = await fixture.Host.SendAsync(column.Method, column.Path(row), column.Body(row), fixture.Keys[row], column.ContentType);
            if (MatrixRows.IsUnauthenticated(row))
            {
                if (reply.Status != HttpStatusCode.Unauthorized)
                {
                    failures.Add($"{column.Name}: expected 401, got {(int)reply.Status} {reply.Text}");
                }
            }
            else if (column.Allowed.Contains(row))
            {
                if (reply.Status != column.Success)
                {
                    failures.Add($"{column.Name}: expected {(int)column.Success}, got {(int)reply.Status} {reply.Text}");
                }
            }
            else if (reply.Status != HttpStatusCode.Forbidden || reply.ErrorMessage?.Contains(column.MissingRole, StringComparison.Ordinal) != true)
            {
                failures.Add($"{column.Name}: expected 403 naming '{column.MissingRole}', got {(int)reply.Status} {reply.Text}");
            }
        }

        Assert.True(failures.Count == 0, $"{row}:\n  " + string.Join("\n  ", failures));
    }

    [Theory]
    [InlineData(MatrixRows.Admin, new[] { "acct/narrow-model", "acct/open-model", "other/other-model" })]
    [InlineData(MatrixRows.Manager, new[] { "acct/open-model" })]
    [InlineData(MatrixRows.Access, new[] { "acct/narrow-model", "acct/open-model" })]
    [InlineData(MatrixRows.TeamMember, new[] { "acct/open-model" })]
    [InlineData(MatrixRows.NoRole, new string[0])]
    [InlineData(MatrixRows.VirtualAccount, new[] { "acct/open-model" })]
    public async Task ListModels_ForRow_ListsExactlyWhatItMayCall(string row, string[] expected)
    {
        var reply = await fixture.Host.SendAsync(HttpMethod.Get, "/v1/models", token: fixture.Keys[row]);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var ids = reply.Json.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, ids);
    }

    [Theory]
    [InlineData(MatrixRows.Expired, "expired_api_key")]
    [InlineData(MatrixRows.Revoked, "invalid_api_key")]
    [InlineData(MatrixRows.NoKey, "missing_api_key")]
    [InlineData(MatrixRows.BadKey, "invalid_api_key")]
    public async Task ListModels_WithoutAValidKey_Is401(string row, string code)
    {
        var reply = await fixture.Host.SendAsync(HttpMethod.Get, "/v1/models", token: fixture.Keys[row]);

        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal(code, reply.ErrorCode);
    }

    [Fact]
    public async Task ListTokens_NonAdmin_SeesOnlyOwnAndNoSecrets()
    {
        var mine = await fixture.Host.SendAsync(HttpMethod.Get, "/api/v1/tokens", token: fixture.Keys[MatrixRows.Access]);
        var all = await fixture.Host.SendAsync(HttpMethod.Get, "/api/v1/tokens", token: fixture.Keys[MatrixRows.Admin]);

        var myOwners = Owners(mine.Json);
        Assert.Equal(["user:access@example.com"], myOwners);
        Assert.Contains("virtualaccount:bot", Owners(all.Json));
        Assert.Contains("user:manager@example.com", Owners(all.Json));
        foreach (var key in fixture.Keys.Values)
        {
            Assert.DoesNotContain(key?.Split('.')[^1] ?? "-none-", all.Text, StringComparison.Ordinal);
        }
    }

    private static string[] Owners(JsonElement json) =>
        json.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("owner").GetString()!).Distinct().Order(StringComparer.Ordinal).ToArray();

    private static string Chat(string model) => $$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}]}""";

    private static string Slug(string row) => row.Replace(' ', '-');
}
