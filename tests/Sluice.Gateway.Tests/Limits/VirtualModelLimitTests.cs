using System.Net.Http.Headers;
using System.Text;
using Sluice.Gateway.Tests.Hosting;

namespace Sluice.Gateway.Tests.Limits;

/// <summary>A virtual model is named in <c>when.models</c> as callers name it (<c>group/virtual-model</c>).</summary>
public sealed class VirtualModelLimitTests
{
    [Fact]
    public async Task Chat_RuleOnAVirtualModel_LimitsCallsToItNotToItsTarget()
    {
        await using var host = await GatewayHost.StartAsync();
        var alice = await LimitsGatewayTests.SetUpAsync(host, """
            name: chat-prod
            type: provider-account/virtual-model
            collaborators: [{subject: team:everyone, role_id: provider-account-access}]
            integrations:
              - name: sonnet
                type: integration/model/virtual
                model_types: [chat]
                routing_config:
                  type: priority-based-routing
                  load_balance_targets:
                    - {target: acct-one/claude-3-5-sonnet, priority: 0}
            ---
            name: rate-limits
            type: gateway-rate-limiting-config
            rules:
              - {id: one-a-day-on-the-virtual-model, when: {models: [chat-prod/sonnet]}, limit_to: 1, unit: requests_per_day}
            """);

        using var first = await ChatAsync(host, alice, "chat-prod/sonnet");
        using var second = await ChatAsync(host, alice, "chat-prod/sonnet");
        using var direct = await ChatAsync(host, alice, "acct-one/claude-3-5-sonnet");

        Assert.Equal((200, 429, 200), ((int)first.StatusCode, (int)second.StatusCode, (int)direct.StatusCode));
        Assert.Contains("one-a-day-on-the-virtual-model", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(direct.Headers.Contains("x-ratelimit-limit-requests"), "the target itself is not limited");
    }

    private static async Task<HttpResponseMessage> ChatAsync(GatewayHost host, string key, string model)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent($$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await host.Http.SendAsync(request);
    }
}
