using System.Text.Json;
using Sluice.Core.Chat;
using Sluice.Gateway.Tests.Hosting;
using Sluice.Gateway.Tests.OpenAi.TestHost;

namespace Sluice.Gateway.Tests.Limits;

/// <summary>Threshold alerts with two instances on one Redis: each threshold is claimed there, so it is sent once.</summary>
public sealed class RedisAlertTests
{
    [Fact]
    public async Task Settle_TwoInstancesCrossTheSameThreshold_WebhookGetsOnePostPerThreshold()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var hook = await WebhookListener.StartAsync();
        await using var one = await GatewayHost.StartAsync(redis: redis.Configuration);
        await using var two = await GatewayHost.StartAsync(redis: redis.Configuration);
        // Each call costs $0.015 (15 tokens at $1 per 1,000): a third of the budget, so one call crosses 30%, three reach 100%.
        var budget = $$"""
            name: budgets
            type: gateway-budget-config
            rules:
              - id: shared-daily
                when: {}
                limit_to: 0.045
                unit: cost_per_day
                alerts: {thresholds: [30, 100], notification_target: [{type: webhook, url: "{{hook.Url}}"}]}
            """;
        var aliceOne = await LimitsGatewayTests.SetUpAsync(one, budget, priced: true);
        var aliceTwo = await LimitsGatewayTests.SetUpAsync(two, budget, priced: true);

        // Both calls are held upstream until both have passed the limit check: each instance saw $0 spent, and each
        // settlement crosses 30% on its own instance.
        var bothChecked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = 0;
        Func<ChatRequest, CancellationToken, Task<ChatResponse>> held = async (_, _) =>
        {
            if (Interlocked.Increment(ref arrived) == 2) bothChecked.SetResult();
            await bothChecked.Task.WaitAsync(TimeSpan.FromSeconds(10));
            return new ChatResponse { Text = "ok", FinishReason = FinishReason.Stop, Usage = new Usage(10, 5), Upstream = FakeProvider.DefaultUpstream };
        };
        one.Runtime.Provider.OnChat = held;
        two.Runtime.Provider.OnChat = held;
        var pair = await Task.WhenAll(LimitsGatewayTests.ChatAsync(one, aliceOne), LimitsGatewayTests.ChatAsync(two, aliceTwo));
        // Settlements reach Redis in the background: the third call starts once both are counted, and reaches 100%.
        await WaitForSpendAsync(one, 0.03m);
        using var third = await LimitsGatewayTests.ChatAsync(one, aliceOne);

        var posts = await hook.WaitForAsync(2);
        Assert.Equal([200, 200, 200], pair.Select(r => (int)r.StatusCode).Append((int)third.StatusCode));
        Assert.Equal([30, 100], posts.Select(p => JsonDocument.Parse(p.Body).RootElement.GetProperty("threshold_percent").GetInt32()));
        foreach (var r in pair) r.Dispose();
    }

    private static async Task WaitForSpendAsync(GatewayHost host, decimal spent)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var status = await host.SendAsync(HttpMethod.Get, "/api/v1/limits/status?subject=user:alice@example.com");
            if (status.Body.GetProperty("data")[0].GetProperty("windows")[0].GetProperty("used").GetDecimal() >= spent) return;
            await Task.Delay(20, timeout.Token);
        }
    }
}
