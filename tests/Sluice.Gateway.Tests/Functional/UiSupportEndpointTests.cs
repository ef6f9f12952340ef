using System.Text.Json;

namespace Sluice.Gateway.Tests.Functional;

/// <summary>
/// The admin endpoints the web UI's account, virtual-model and limits pages read: the caller's permissions on an
/// account, the live health of virtual-model targets, and the gateway's own AWS identity.
/// </summary>
[Collection(FunctionalCollection.Name)]
public sealed class UiSupportEndpointTests(FunctionalFixture fx)
{
    [Fact]
    public async Task Permissions_UserWithAccessRole_MayReadButNotChange()
    {
        var (status, body, text, _) = await fx.SendAsync(HttpMethod.Get, "/api/v1/provider-accounts/keys/permissions", null, fx.UserToken);

        Assert.True(status == 200, text);
        foreach (var key in new[] { "update", "delete", "manage_collaborators", "add_model", "test" })
        {
            Assert.False(body.GetProperty(key).GetBoolean(), key);
        }

        Assert.Contains("provider-account-manager", body.GetProperty("reasons").GetProperty("update").GetString());
    }

    [Fact]
    public async Task Permissions_TenantAdmin_MayDoEverything()
    {
        var (status, body, text, _) = await fx.SendAsync(HttpMethod.Get, "/api/v1/provider-accounts/keys/permissions", null, fx.AdminToken);

        Assert.True(status == 200, text);
        Assert.True(body.GetProperty("update").GetBoolean());
        Assert.True(body.GetProperty("delete").GetBoolean());
        Assert.True(body.GetProperty("test").GetBoolean());
        Assert.Empty(body.GetProperty("reasons").EnumerateObject());
    }

    [Fact]
    public async Task Permissions_AccountWithoutARoleForTheCaller_403NamingTheRole()
    {
        await ApplyAsync("""
            name: ui-private
            type: provider-account/aws-bedrock
            region: us-east-1
            auth_data: {type: api-key, api_key: ABSKexampleexampleexample}
            """);

        var (status, body, text, _) = await fx.SendAsync(HttpMethod.Get, "/api/v1/provider-accounts/ui-private/permissions", null, fx.UserToken);

        Assert.True(status == 403, text);
        Assert.Contains("provider-account-access", body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Health_TargetThrottledTwice_CoolingDownWithItsLastFailure()
    {
        await ApplyAsync("""
            name: ui-health
            type: provider-account/virtual-model
            collaborators: [{subject: team:everyone, role_id: provider-account-access}]
            integrations:
              - name: vm
                type: integration/model/virtual
                model_types: [chat]
                routing_config:
                  type: priority-based-routing
                  load_balance_targets:
                    - {target: keys/faulty, priority: 0, retry_config: {attempts: 0}}
                    - {target: keys/nova-lite, priority: 1}
            """);

        await fx.WithFaultAsync(k => k.Fault = Bedrock.Emulator.EmulatorFault.Throttle, async () =>
        {
            for (var i = 0; i < 2; i++)
            {
                var (chat, _, chatText, _) = await fx.SendAsync(HttpMethod.Post, "/v1/chat/completions",
                    """{"model":"ui-health/vm","messages":[{"role":"user","content":"hi"}]}""");
                Assert.True(chat == 200, chatText);
            }
        });

        var (status, body, text, _) = await fx.SendAsync(HttpMethod.Get, "/api/v1/virtual-model-groups/ui-health/health", null, fx.UserToken);

        Assert.True(status == 200, text);
        var model = body.GetProperty("data")[0];
        Assert.Equal("ui-health/vm", model.GetProperty("model").GetString());
        Assert.True(model.GetProperty("callable").GetBoolean());
        var faulty = Target(model, "keys/faulty");
        Assert.False(faulty.GetProperty("healthy").GetBoolean());
        Assert.InRange(faulty.GetProperty("cool_down_remaining_ms").GetInt64(), 1, 30_000);
        Assert.Equal(429, faulty.GetProperty("last_failure_status").GetInt32());
        Assert.True(faulty.GetProperty("total_failures").GetInt64() >= 2);
        var served = Target(model, "keys/nova-lite");
        Assert.True(served.GetProperty("healthy").GetBoolean());
        Assert.Equal(JsonValueKind.Null, served.GetProperty("last_failure_status").ValueKind);
    }

    [Fact]
    public async Task Health_UnknownGroup_404()
    {
        var (status, _, text, _) = await fx.SendAsync(HttpMethod.Get, "/api/v1/virtual-model-groups/no-such-group/health", null, fx.AdminToken);

        Assert.True(status == 404, text);
    }

    [Fact]
    public async Task GatewayIdentity_WithTheEmulatorsSts_NamesTheGatewaysOwnUser()
    {
        var sts = Uri.EscapeDataString(fx.Emulator.StsEndpointTemplate);
        var (status, body, text, _) = await fx.SendAsync(HttpMethod.Get, $"/api/v1/gateway-identity?region=us-east-1&sts_endpoint_url={sts}", null, fx.AdminToken);

        Assert.True(status == 200, text);
        Assert.True(body.GetProperty("known").GetBoolean(), text);
        Assert.StartsWith("arn:aws:iam::", body.GetProperty("arn").GetString());
        Assert.Equal(body.GetProperty("arn").GetString(), body.GetProperty("principal_arn").GetString());
        Assert.DoesNotContain(FunctionalFixture.User1Secret, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GatewayIdentity_StsUnreachable_SaysUnknownWithTheReason()
    {
        var (status, body, text, _) = await fx.SendAsync(HttpMethod.Get,
            "/api/v1/gateway-identity?region=us-east-1&sts_endpoint_url=" + Uri.EscapeDataString("http://127.0.0.1:9/"), null, fx.AdminToken);

        Assert.True(status == 200, text);
        Assert.False(body.GetProperty("known").GetBoolean());
        Assert.Contains("cannot tell", body.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("region=us-est-1x", "invalid_region")]
    [InlineData("region=us-east-1&sts_endpoint_url=ftp%3A%2F%2Fexample.com", "invalid_sts_endpoint")]
    public async Task GatewayIdentity_BadQuery_400WithCode(string query, string code)
    {
        var (status, body, text, _) = await fx.SendAsync(HttpMethod.Get, "/api/v1/gateway-identity?" + query, null, fx.AdminToken);

        Assert.True(status == 400, text);
        Assert.Equal(code, body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task GatewayIdentity_NotATenantAdmin_403()
    {
        var (status, _, text, _) = await fx.SendAsync(HttpMethod.Get, "/api/v1/gateway-identity?region=us-east-1", null, fx.UserToken);

        Assert.True(status == 403, text);
    }

    [Theory]
    [InlineData("arn:aws:sts::111122223333:assumed-role/gateway-task/i-0abc", "arn:aws:iam::111122223333:role/gateway-task")]
    [InlineData("arn:aws-us-gov:sts::111122223333:assumed-role/r/s", "arn:aws-us-gov:iam::111122223333:role/r")]
    [InlineData("arn:aws:iam::111122223333:user/gateway", "arn:aws:iam::111122223333:user/gateway")]
    public void PrincipalArn_AssumedRoleSession_TrustsItsRole(string arn, string expected) =>
        Assert.Equal(expected, Sluice.Gateway.Admin.GatewayIdentityEndpoint.PrincipalArn(arn));

    private static JsonElement Target(JsonElement model, string name) =>
        model.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("target").GetString() == name);

    private async Task ApplyAsync(string yaml)
    {
        var (status, _, text, _) = await fx.SendAsync(HttpMethod.Post, "/api/v1/apply", yaml, fx.AdminToken, "application/yaml");
        Assert.True(status == 200, text);
    }
}
