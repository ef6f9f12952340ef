using System.Text.Json;
using Sluice.Gateway.Tests.Hosting;

namespace Sluice.Gateway.Tests.Scaling;

/// <summary>
/// Two gateways on one PostgreSQL database and one Redis: what changes through one is in force on the other within a
/// second, usage from both adds up, and neither a Redis nor a PostgreSQL outage fails a request.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class MultiInstanceTests
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task ModelAdded_ThroughA_CallableThroughBWithinASecond()
    {
        await using var two = await TwoInstances.StartAsync();
        await two.SetUpAsync();
        Assert.NotEqual(200, await two.ChatAsync(two.B, "acct/m2"));

        var applied = await two.A.SendAsync(HttpMethod.Post, "/api/v1/apply", TwoInstances.Manifest("m1", "m2"), "application/yaml");
        var took = await TwoInstances.WaitAsync(async () => await two.ChatAsync(two.B, "acct/m2") == 200, TimeSpan.FromSeconds(10), "B to serve acct/m2");

        Assert.True(applied.Status == 200, applied.Text);
        Assert.True(took < OneSecond, $"B served the new model after {took.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task KeyRevoked_OnA_FailsOnBWithinASecond()
    {
        await using var two = await TwoInstances.StartAsync();
        await two.SetUpAsync();
        Assert.Equal(200, await two.ChatAsync(two.B, "acct/m1"));

        var revoked = await two.A.SendAsync(HttpMethod.Delete, "/api/v1/tokens/" + two.AliceKeyId);
        var took = await TwoInstances.WaitAsync(async () => await two.ChatAsync(two.B, "acct/m1") == 401, TimeSpan.FromSeconds(10), "B to refuse the revoked key");

        Assert.True(revoked.Status is 200 or 204, revoked.Text);
        Assert.True(took < OneSecond, $"B refused the revoked key after {took.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task UserDeactivated_OnA_RefusedOnBoth()
    {
        await using var two = await TwoInstances.StartAsync();
        await two.SetUpAsync();

        var deactivated = await two.A.SendAsync(HttpMethod.Put, "/api/v1/users/" + TwoInstances.Alice, """{"active":false}""");
        var onA = await two.ChatAsync(two.A, "acct/m1");
        var took = await TwoInstances.WaitAsync(async () => await two.ChatAsync(two.B, "acct/m1") == 401, TimeSpan.FromSeconds(10), "B to refuse alice");

        Assert.True(deactivated.Status == 200, deactivated.Text);
        Assert.Equal(401, onA);
        Assert.True(took < OneSecond, $"B refused the deactivated user after {took.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task Usage_FromBothInstances_InOneSummary()
    {
        await using var two = await TwoInstances.StartAsync();
        await two.SetUpAsync();

        for (var i = 0; i < 3; i++) Assert.Equal(200, await two.ChatAsync(two.A, "acct/m1"));
        for (var i = 0; i < 4; i++) Assert.Equal(200, await two.ChatAsync(two.B, "acct/m1"));

        // Each instance's writer stores its records within about a second; the summary through either shows all seven.
        await TwoInstances.WaitAsync(async () => await RequestsAsync(two.A) == 7, TimeSpan.FromSeconds(15), "seven requests in A's summary");
        Assert.Equal(7, await RequestsAsync(two.B));
    }

    [Fact]
    public async Task RedisStopped_UnderLoad_NoRequestFailsAndChangeArrivesByPolling()
    {
        await using var two = await TwoInstances.StartAsync(poll: TimeSpan.FromSeconds(2));
        await two.SetUpAsync();
        var load = new LoadLoop(two, "acct/m1");
        await TwoInstances.WaitAsync(() => Task.FromResult(load.Sent >= 20), TimeSpan.FromSeconds(20), "load to run");

        await two.Redis!.StopServerAsync();
        await TwoInstances.WaitAsync(async () => await RedisStateAsync(two.B) == "unreachable", TimeSpan.FromSeconds(10), "B to see Redis gone");
        var applied = await two.A.SendAsync(HttpMethod.Post, "/api/v1/apply", TwoInstances.Manifest("m1", "m2"), "application/yaml");
        var took = await TwoInstances.WaitAsync(async () => await two.ChatAsync(two.B, "acct/m2") == 200, TimeSpan.FromSeconds(15), "B to serve acct/m2 by polling");
        var sent = load.Sent;
        await TwoInstances.WaitAsync(() => Task.FromResult(load.Sent >= sent + 20), TimeSpan.FromSeconds(20), "more load");
        var statuses = await load.StopAsync();

        Assert.True(applied.Status == 200, applied.Text);
        Assert.True(took < TimeSpan.FromSeconds(5), $"B served the new model after {took.TotalMilliseconds:F0} ms (poll every 2 s)");
        Assert.Equal([200], statuses.Keys.Order());
    }

    [Fact]
    public async Task PostgresStopped_UnderLoad_NoRequestFailsNoUsageLost()
    {
        await using var server = await PostgresServer.StartAsync();
        await using var two = await TwoInstances.StartAsync(poll: TimeSpan.FromSeconds(2), server: server);
        await two.SetUpAsync();
        var load = new LoadLoop(two, "acct/m1");
        await TwoInstances.WaitAsync(() => Task.FromResult(load.Sent >= 20), TimeSpan.FromSeconds(20), "load to run");

        await server.StopServerAsync();
        await TwoInstances.WaitAsync(async () => !await DatabaseReachableAsync(two.A) && !await DatabaseReachableAsync(two.B),
            TimeSpan.FromSeconds(15), "both instances to see the database gone");
        var readyWhileDown = await two.A.SendAsync(HttpMethod.Get, "/readyz", token: null);
        var liveWhileDown = await two.A.SendAsync(HttpMethod.Get, "/healthz", token: null);
        var sentWhileDown = load.Sent;
        // A few seconds of requests while the database is away.
        await TwoInstances.WaitAsync(() => Task.FromResult(load.Sent >= sentWhileDown + 100), TimeSpan.FromSeconds(30), "load during the outage");
        await server.StartServerAsync();
        var sent = load.Sent;
        await TwoInstances.WaitAsync(() => Task.FromResult(load.Sent >= sent + 20), TimeSpan.FromSeconds(20), "load after the outage");
        var statuses = await load.StopAsync();
        var total = statuses.Values.Sum();

        Assert.Equal([200], statuses.Keys.Order());
        Assert.Equal(503, readyWhileDown.Status);
        Assert.Equal(200, liveWhileDown.Status);
        long stored = 0;
        var complete = await Task.WhenAny(TwoInstances.WaitAsync(async () => (stored = await RequestsAsync(two.A)) >= total, TimeSpan.FromSeconds(60), "the summary"));
        Assert.True(complete.IsCompletedSuccessfully, $"{stored} of {total} requests in the summary after a minute");
        Assert.Equal(total, await RequestsAsync(two.B));
        Assert.Equal(200, (await two.A.SendAsync(HttpMethod.Get, "/readyz", token: null)).Status);
    }

    private static async Task<long> RequestsAsync(GatewayHost host)
    {
        var (status, body, text) = await host.SendAsync(HttpMethod.Get, "/api/v1/usage/summary?group_by=model");
        if (status != 200) return -1; // the database may still be coming back
        Assert.True(body.ValueKind == JsonValueKind.Object, text);
        return body.GetProperty("data").EnumerateArray().Sum(g => g.GetProperty("requests").GetInt64());
    }

    private static async Task<string?> RedisStateAsync(GatewayHost host) =>
        (await host.SendAsync(HttpMethod.Get, "/readyz", token: null)).Body.GetProperty("redis").GetString();

    private static async Task<bool> DatabaseReachableAsync(GatewayHost host) =>
        (await host.SendAsync(HttpMethod.Get, "/readyz", token: null)).Body.GetProperty("database_reachable").GetBoolean();
}
