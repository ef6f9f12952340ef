using Microsoft.Extensions.DependencyInjection;
using Sluice.Gateway.Tests.Hosting;
using Sluice.Limits.Counters;

namespace Sluice.Gateway.Tests.Limits;

/// <summary>Counters shared through Redis by two gateway instances, and what happens when Redis goes away.</summary>
public sealed class RedisLimitTests
{
    private const string ThreePerMinute = """
        name: rate-limits
        type: gateway-rate-limiting-config
        rules:
          - {id: three-per-minute, when: {}, limit_to: 3, unit: requests_per_minute, rate_limit_applies_per: [user]}
        """;

    [Fact]
    public async Task Chat_TwoInstancesOnOneRedis_RefuseTheFourthCallWhicheverTakesIt()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var one = await GatewayHost.StartAsync(redis: redis.Configuration);
        await using var two = await GatewayHost.StartAsync(redis: redis.Configuration);
        var aliceOne = await LimitsGatewayTests.SetUpAsync(one, ThreePerMinute);
        var aliceTwo = await LimitsGatewayTests.SetUpAsync(two, ThreePerMinute);
        await AwayFromAMinuteBoundaryAsync();

        var statuses = new List<int>();
        foreach (var (host, key) in new[] { (one, aliceOne), (two, aliceTwo), (one, aliceOne), (two, aliceTwo), (one, aliceOne) })
        {
            using var response = await LimitsGatewayTests.ChatAsync(host, key);
            statuses.Add((int)response.StatusCode);
            if (statuses.Count == 4) Assert.True(response.Headers.RetryAfter is not null, "a refusal carries Retry-After");
        }

        Assert.Equal([200, 200, 200, 429, 429], statuses);
        Assert.Equal(0, ((RedisLimitCounters)one.App.Services.GetRequiredService<ILimitCounters>()).Fallbacks);
    }

    [Fact]
    public async Task Chat_RedisStoppedMidLoad_FailsNoRequest()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var host = await GatewayHost.StartAsync(redis: redis.Configuration);
        var alice = await LimitsGatewayTests.SetUpAsync(host, """
            name: rate-limits
            type: gateway-rate-limiting-config
            rules:
              - {id: generous, when: {}, limit_to: 100000, unit: requests_per_day}
            """);
        var counters = (RedisLimitCounters)host.App.Services.GetRequiredService<ILimitCounters>();

        var statuses = new List<int>();
        for (var i = 0; i < 60; i++)
        {
            if (i == 20) await redis.StopAsync();
            var batch = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
            {
                using var response = await LimitsGatewayTests.ChatAsync(host, alice);
                return (int)response.StatusCode;
            }));
            statuses.AddRange(batch);
        }

        Assert.All(statuses, s => Assert.Equal(200, s));
        Assert.True(counters.Fallbacks > 0, "calls after the stop were counted locally");
        Assert.Contains("x-ratelimit-limit-requests", (await LimitsGatewayTests.ChatAsync(host, alice)).Headers.Select(h => h.Key));
    }

    [Fact]
    public async Task Chat_RedisUnreachableFromTheStart_LimitsHoldLocally()
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        await using var host = await GatewayHost.StartAsync(redis: $"127.0.0.1:{port}");
        var alice = await LimitsGatewayTests.SetUpAsync(host, ThreePerMinute);
        await AwayFromAMinuteBoundaryAsync();

        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await LimitsGatewayTests.ChatAsync(host, alice);
            statuses.Add((int)response.StatusCode);
        }

        Assert.Equal([200, 200, 200, 429], statuses);
    }

    // The windows are real UTC minutes here (the instances share Redis and real time): start the calls with at
    // least 15 s of the current minute left, so the whole sequence falls in one window.
    internal static async Task AwayFromAMinuteBoundaryAsync()
    {
        var second = DateTimeOffset.UtcNow.Second;
        if (second >= 45) await Task.Delay(TimeSpan.FromSeconds(61 - second));
    }
}
