using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Gateway.Tests.Hosting;
using Sluice.Gateway.Tests.Limits;
using Sluice.Limits.Counters;

namespace Sluice.Gateway.Tests.Scaling;

/// <summary>Rate limits on two gateways sharing one PostgreSQL database and one Redis, as they run in production.</summary>
[Collection(TimingCollection.Name)]
public sealed class LimitsAcrossInstancesTests
{
    private static readonly HttpClient Client = new();

    [Fact]
    public async Task Chat_ThreePerMinuteOnPostgresAndRedis_FourthCallRefusedWhicheverInstanceTakesIt()
    {
        await using var two = await TwoInstances.StartAsync();
        await two.SetUpAsync();
        await ApplyLimitAsync(two, "{id: three-per-minute, when: {}, limit_to: 3, unit: requests_per_minute, rate_limit_applies_per: [user]}");
        await RedisLimitTests.AwayFromAMinuteBoundaryAsync();

        var answers = new List<HttpResponseMessage>();
        foreach (var host in new[] { two.A, two.B, two.A, two.B, two.A })
        {
            answers.Add(await ChatAsync(two, host));
        }

        Assert.Equal([200, 200, 200, 429, 429], answers.Select(a => (int)a.StatusCode));
        foreach (var refused in answers.Skip(3))
        {
            Assert.InRange(refused.Headers.RetryAfter?.Delta?.TotalSeconds ?? -1, 1, 60);
            Assert.Contains("three-per-minute", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal("0", answers[2].Headers.GetValues("x-ratelimit-remaining-requests").Single());
        Assert.Equal(0, Counters(two.A).Fallbacks + Counters(two.B).Fallbacks);
        foreach (var a in answers) a.Dispose();
    }

    [Fact]
    public async Task Chat_RedisStoppedUnderLoadWithLimits_FailsNoRequestOnEitherInstance()
    {
        await using var two = await TwoInstances.StartAsync();
        await two.SetUpAsync();
        await ApplyLimitAsync(two, "{id: generous, when: {}, limit_to: 1000000, unit: requests_per_day, rate_limit_applies_per: [user]}");
        var load = new LoadLoop(two, "acct/m1");
        await TwoInstances.WaitAsync(() => Task.FromResult(load.Sent >= 20), TimeSpan.FromSeconds(20), "load to run");

        await two.Redis!.StopServerAsync();
        var sent = load.Sent;
        await TwoInstances.WaitAsync(() => Task.FromResult(load.Sent >= sent + 60), TimeSpan.FromSeconds(30), "load after Redis stopped");
        var statuses = await load.StopAsync();
        using var after = await ChatAsync(two, two.B);

        Assert.Equal([200], statuses.Keys.Order());
        // Both instances went on counting locally, and still apply the limit.
        Assert.True(Counters(two.A).Fallbacks > 0 && Counters(two.B).Fallbacks > 0, "both instances counted locally once Redis was gone");
        Assert.Equal("1000000", after.Headers.GetValues("x-ratelimit-limit-requests").Single());
    }

    // Applied through A; B learns it by the Redis change channel.
    private static async Task ApplyLimitAsync(TwoInstances two, string rule)
    {
        var applied = await two.A.SendAsync(HttpMethod.Post, "/api/v1/apply",
            "name: rate-limits\ntype: gateway-rate-limiting-config\nrules:\n  - " + rule + "\n", "application/yaml");
        Assert.True(applied.Status == 200, applied.Text);
        await TwoInstances.WaitAsync(() => Task.FromResult(two.B.Snapshots.Current.Limits is Sluice.Limits.Rules.LimitSet { IsEmpty: false }),
            TimeSpan.FromSeconds(10), "B to have the rate limit");
    }

    private static RedisLimitCounters Counters(GatewayHost host) => (RedisLimitCounters)host.App.Services.GetRequiredService<ILimitCounters>();

    private static async Task<HttpResponseMessage> ChatAsync(TwoInstances two, GatewayHost host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, host.BaseUrl + "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"acct/m1","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", two.AliceKey);
        return await Client.SendAsync(request);
    }
}
