using System.Net;

namespace Sluice.Gateway.Tests.AccessControl;

/// <summary>
/// One gateway with the matrix world: account <c>acct</c> (manager, access user, team <c>ml</c> with access, the
/// virtual account <c>bot</c> with access) holding <c>open-model</c> and <c>narrow-model</c> (authorized_subjects:
/// only the access user), an account <c>other</c> nobody but admins may use, and one key per matrix row.
/// </summary>
public sealed class MatrixFixture : IAsyncLifetime
{
    public const string Manifest = """
        name: acct
        type: provider-account/aws-bedrock
        region: us-east-1
        auth_data:
          type: access-key-based
          access_key_id: AKIDMATRIX
          secret_access_key: matrix-secret-access-key-0123456789
        collaborators:
          - subject: user:manager@example.com
            role_id: provider-account-manager
          - subject: user:access@example.com
            role_id: provider-account-access
          - subject: team:mlteam
            role_id: provider-account-access
        integrations:
          - name: open-model
            type: integration/model/bedrock
            model_id: amazon.nova-lite-v1:0
            model_types: [chat]
          - name: narrow-model
            type: integration/model/bedrock
            model_id: amazon.nova-pro-v1:0
            model_types: [chat]
            authorized_subjects: [user:access@example.com]
        ---
        name: other
        type: provider-account/aws-bedrock
        region: us-east-1
        auth_data:
          type: api-key
          api_key: ABSKmatrixotheraccountkey0123456789
        integrations:
          - name: other-model
            type: integration/model/bedrock
            model_id: amazon.nova-lite-v1:0
            model_types: [chat]
        ---
        name: scratch
        type: provider-account/aws-bedrock
        region: us-east-1
        auth_data:
          type: api-key
          api_key: ABSKmatrixscratchaccountkey012345678
        ---
        type: user
        name: manager@example.com
        ---
        type: user
        name: access@example.com
        ---
        type: user
        name: member@example.com
        ---
        type: user
        name: nobody@example.com
        ---
        type: team
        name: mlteam
        members: [member@example.com]
        ---
        type: virtual-account
        name: bot
        permissions:
          - resource_fqn: acct
            resource_type: provider-account
            role_id: provider-account-access
        """;

    internal AccessHost Host { get; private set; } = null!;

    /// <summary>The bearer token of each row (null for "no key").</summary>
    public Dictionary<string, string?> Keys { get; } = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        Host = await AccessHost.StartAsync();
        var applied = await Host.AdminAsync(HttpMethod.Post, "/api/v1/apply", Manifest, "application/yaml");
        Assert.True(applied.Status == HttpStatusCode.OK, applied.Text);

        Keys[MatrixRows.Admin] = AccessHost.AdminToken;
        Keys[MatrixRows.Manager] = (await Host.PatAsync("manager@example.com")).Token;
        Keys[MatrixRows.Access] = (await Host.PatAsync("access@example.com")).Token;
        Keys[MatrixRows.TeamMember] = (await Host.PatAsync("member@example.com")).Token;
        Keys[MatrixRows.NoRole] = (await Host.PatAsync("nobody@example.com")).Token;
        var va = await Host.AdminAsync(HttpMethod.Post, "/api/v1/virtual-accounts/bot/tokens", "{\"name\":\"bot key\"}");
        Assert.True(va.Status == HttpStatusCode.Created, va.Text);
        Keys[MatrixRows.VirtualAccount] = va.Json.GetProperty("token").GetString();
        Keys[MatrixRows.Expired] = (await Host.PatAsync("access@example.com", "2020-01-01T00:00:00Z")).Token;
        var (revokedId, revoked) = await Host.PatAsync("access@example.com");
        Assert.Equal(HttpStatusCode.NoContent, (await Host.AdminAsync(HttpMethod.Delete, "/api/v1/tokens/" + revokedId)).Status);
        Keys[MatrixRows.Revoked] = revoked;
        Keys[MatrixRows.NoKey] = null;
        Keys[MatrixRows.BadKey] = revoked[..^4] + "AAAA";
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
