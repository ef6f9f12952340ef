using System.Net;
using System.Text;

namespace Sluice.Gateway.Tests.AccessControl;

/// <summary>
/// After a full scenario (accounts with every auth form and their secrets, tokens, invitation, password sign-in,
/// model calls, changes, revocation, deactivation), no secret appears in plain text in any HTTP response, any log
/// line, or the raw database files. A token's secret may appear only in the one response that created it.
/// </summary>
public sealed class SecretsScanTests
{
    private const string AwsSecret = "scanSecretAccessKey/0123456789abcdefGHIJKLMNOP";
    private const string SessionToken = "scanSessionTokenFwoGZXIvYXdzEJr0123456789abcdef";
    private const string BedrockApiKey = "ABSKscanBedrockApiKey0123456789abcdefghijkl";
    private const string ExternalId = "scan-external-id-42";
    private const string Password = "a very secret passphrase 42";
    private const string NewAwsSecret = "scanRotatedSecretAccessKey/9876543210zyxwvuts";

    private const string Accounts = $"""
        name: keys
        type: provider-account/aws-bedrock
        region: us-east-1
        auth_data:
          type: access-key-based
          access_key_id: AKIDSCANVISIBLE
          secret_access_key: {AwsSecret}
          session_token: {SessionToken}
        collaborators:
          - subject: user:alice@example.com
            role_id: provider-account-manager
        integrations:
          - name: chat
            type: integration/model/bedrock
            model_id: amazon.nova-lite-v1:0
            model_types: [chat]
        ---
        name: role
        type: provider-account/aws-bedrock
        region: us-east-1
        auth_data:
          type: assumed-role-based
          assumed_role_arn: arn:aws:iam::123456789012:role/bedrock-access
          external_id: {ExternalId}
        integrations:
          - name: chat
            type: integration/model/bedrock
            model_id: amazon.nova-lite-v1:0
            model_types: [chat]
        ---
        name: apikey
        type: provider-account/aws-bedrock
        region: us-east-1
        auth_data:
          type: api-key
          api_key: {BedrockApiKey}
        integrations:
          - name: chat
            type: integration/model/bedrock
            model_id: amazon.nova-lite-v1:0
            model_types: [chat]
        ---
        type: user
        name: alice@example.com
        """;

    [Fact]
    public async Task FullScenario_NoSecretInResponsesLogsOrDatabase()
    {
        var tokenSecrets = new List<(string Secret, string CreatedIn)>();
        string dataDir;
        AccessHost.Reply[] allowedToShow;
        await using (var host = await AccessHost.StartAsync())
        {
            dataDir = host.DataDir;
            var applied = await host.AdminAsync(HttpMethod.Post, "/api/v1/apply", Accounts, "application/yaml");
            Assert.True(applied.Status == HttpStatusCode.OK, applied.Text);

            // Tokens: a personal access token, a virtual-account token (shown once each), then listed and one revoked.
            var pat = await host.AdminAsync(HttpMethod.Post, "/api/v1/personal-access-tokens", """{"name":"alice","user":"alice@example.com"}""");
            await host.AdminAsync(HttpMethod.Post, "/api/v1/virtual-accounts", """{"name":"scan-bot","permissions":[{"resource_fqn":"apikey","role_id":"provider-account-access"}]}""");
            var va = await host.AdminAsync(HttpMethod.Post, "/api/v1/virtual-accounts/scan-bot/tokens", """{"name":"bot"}""");
            var patToken = pat.Json.GetProperty("token").GetString()!;
            var vaToken = va.Json.GetProperty("token").GetString()!;
            allowedToShow = [pat, va];

            // Invitation and password sign-in.
            var invite = await host.AdminAsync(HttpMethod.Post, "/api/v1/users/alice@example.com/invite");
            var inviteToken = invite.Json.GetProperty("invite_url").GetString()!.Split("token=")[1];
            var accepted = await host.SendAsync(HttpMethod.Post, "/api/v1/auth/accept-invite", $$"""{"token":"{{inviteToken}}","password":"{{Password}}"}""");
            Assert.Equal(HttpStatusCode.OK, accepted.Status);
            var login = await host.SendAsync(HttpMethod.Post, "/api/v1/auth/login", $$"""{"email":"alice@example.com","password":"{{Password}}"}""");
            Assert.Equal(HttpStatusCode.OK, login.Status);
            await host.SendAsync(HttpMethod.Post, "/api/v1/auth/login", $$"""{"email":"alice@example.com","password":"{{Password}}x"}""");

            // Calls, reads and changes.
            foreach (var model in new[] { "keys/chat", "role/chat", "apikey/chat" })
            {
                await host.AdminAsync(HttpMethod.Post, "/v1/chat/completions", $$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}]}""");
            }

            await host.SendAsync(HttpMethod.Post, "/v1/chat/completions", """{"model":"keys/chat","messages":[{"role":"user","content":"hi"}]}""", patToken);
            await host.SendAsync(HttpMethod.Post, "/v1/chat/completions", """{"model":"apikey/chat","messages":[{"role":"user","content":"hi"}]}""", vaToken);
            await host.SendAsync(HttpMethod.Get, "/v1/models", token: patToken);
            foreach (var path in new[] { "/api/v1/provider-accounts", "/api/v1/provider-accounts/keys", "/api/v1/provider-accounts/role", "/api/v1/provider-accounts/apikey",
                         "/api/v1/tokens", "/api/v1/users", "/api/v1/virtual-accounts", "/api/v1/audit?limit=1000", "/api/v1/usage" })
            {
                Assert.Equal(HttpStatusCode.OK, (await host.AdminAsync(HttpMethod.Get, path)).Status);
            }

            await host.SendAsync(HttpMethod.Get, "/api/v1/provider-accounts/keys", token: patToken);
            await host.AdminAsync(HttpMethod.Put, "/api/v1/provider-accounts/keys",
                $$$"""{"region":"us-east-1","auth_data":{"type":"access-key-based","access_key_id":"AKIDSCANVISIBLE","secret_access_key":"{{{NewAwsSecret}}}"}}""");
            await host.AdminAsync(HttpMethod.Post, "/api/v1/provider-accounts/apikey/test");
            await host.AdminAsync(HttpMethod.Post, "/api/v1/apply", Accounts, "application/yaml");
            await host.AdminAsync(HttpMethod.Delete, "/api/v1/tokens/" + pat.Json.GetProperty("id").GetString());
            await host.AdminAsync(HttpMethod.Put, "/api/v1/users/alice@example.com", """{"active":false}""");
            Assert.Equal(HttpStatusCode.OK, (await host.AdminAsync(HttpMethod.Get, "/api/v1/audit?limit=1000")).Status);

            var secrets = new List<string> { AwsSecret, SessionToken, BedrockApiKey, Password, NewAwsSecret, patToken.Split('.')[1], vaToken.Split('.')[1], AccessHost.AdminToken };
            Assert.Single(host.Exchanges, e => e.Contains(patToken.Split('.')[1], StringComparison.Ordinal)); // the scan sees bodies: the token was shown once
            var shownOnce = allowedToShow.Select(r => r.Text).ToHashSet(StringComparer.Ordinal);
            var leaks = new List<string>();
            foreach (var exchange in host.Exchanges)
            {
                var isCreation = shownOnce.Any(t => exchange.EndsWith(t, StringComparison.Ordinal));
                foreach (var secret in secrets)
                {
                    if (exchange.Contains(secret, StringComparison.Ordinal) && !(isCreation && (secret == patToken.Split('.')[1] || secret == vaToken.Split('.')[1])))
                    {
                        leaks.Add($"response leaks {secret[..6]}…: {exchange[..Math.Min(200, exchange.Length)]}");
                    }
                }
            }

            var logs = string.Join("\n", host.Logs.Lines);
            Assert.Contains("snapshot", logs, StringComparison.OrdinalIgnoreCase); // the capture sees the gateway's own log lines
            foreach (var secret in secrets.Append(inviteToken))
            {
                if (logs.Contains(secret, StringComparison.Ordinal))
                {
                    leaks.Add($"log leaks {secret[..6]}…");
                }
            }

            Assert.True(leaks.Count == 0, string.Join("\n", leaks));

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var database = Directory.GetFiles(dataDir, "sluice.db*").SelectMany(File.ReadAllBytes).ToArray();
            Assert.True(database.AsSpan().IndexOf("AKIDSCANVISIBLE"u8) >= 0, "the scan must see the stored data");
            foreach (var secret in secrets.Append(inviteToken))
            {
                Assert.True(database.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"the database files hold {secret[..6]}… in plain text");
            }
        }
    }
}
