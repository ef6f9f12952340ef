using System.Text;
using System.Text.Json;
using Sluice.Gateway.Tests.Hosting;

namespace Sluice.Gateway.Tests.Limits;

/// <summary>Limits on Anthropic's /v1/messages: counted with chat, refused in Anthropic's error shape.</summary>
public sealed class MessagesLimitTests
{
    [Fact]
    public async Task Messages_OverTheLimit_Get429RateLimitErrorInAnthropicShapeWithRetryAfter()
    {
        await using var host = await GatewayHost.StartAsync();
        var alice = await LimitsGatewayTests.SetUpAsync(host, """
            name: rate-limits
            type: gateway-rate-limiting-config
            rules:
              - {id: two-per-minute, when: {models: [acct-one/claude-3-5-sonnet]}, limit_to: 2, unit: requests_per_minute, rate_limit_applies_per: [user]}
            """);

        using var first = await MessagesAsync(host, alice);
        using var second = await LimitsGatewayTests.ChatAsync(host, alice);
        using var third = await MessagesAsync(host, alice);

        Assert.Equal((200, 200), ((int)first.StatusCode, (int)second.StatusCode));
        Assert.Equal("1", first.Headers.GetValues("x-ratelimit-remaining-requests").Single());
        Assert.Equal("0", second.Headers.GetValues("x-ratelimit-remaining-requests").Single());
        Assert.Equal(429, (int)third.StatusCode);
        Assert.InRange(int.Parse(third.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        var body = JsonDocument.Parse(await third.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("error", body.GetProperty("type").GetString());
        Assert.Equal("rate_limit_error", body.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("two-per-minute", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, host.Runtime.Provider.Calls);
    }

    private static async Task<HttpResponseMessage> MessagesAsync(GatewayHost host, string key)
    {
        // A client of its own: the host's client carries the admin token as a Bearer header, which would win over x-api-key.
        using var client = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        const string json = """{"model":"acct-one/claude-3-5-sonnet","max_tokens":50,"messages":[{"role":"user","content":"hi"}]}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("x-api-key", key);
        request.Headers.Add("anthropic-version", "2023-06-01");
        return await client.SendAsync(request);
    }
}
