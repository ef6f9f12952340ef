using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Sluice.Gateway.Tests.AccessControl;
using Sluice.Gateway.Tests.Hosting;

namespace Sluice.Gateway.Tests.Scaling;

/// <summary>What instances sharing one PostgreSQL database agree on without Redis: sign-in throttling, the master key, convergence by polling.</summary>
[Collection(TimingCollection.Name)]
public sealed class SharedDatabaseTests
{
    [Fact]
    public async Task Login_FailuresThroughA_ThrottledOnB()
    {
        await using var two = await TwoInstances.StartAsync(withRedis: false);
        const string Body = """{"email":"mallory@example.com","password":"wrong-password"}""";

        var failures = new List<int>();
        for (var i = 0; i < 5; i++) failures.Add((await two.A.SendAsync(HttpMethod.Post, "/api/v1/auth/login", Body, token: null)).Status);
        var onB = await two.B.SendAsync(HttpMethod.Post, "/api/v1/auth/login", Body, token: null);

        Assert.All(failures, s => Assert.Equal(401, s));
        Assert.Equal(429, onB.Status);
    }

    [Fact]
    public async Task Start_MasterKeyDiffersFromFirstInstance_SaysSo()
    {
        var database = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        var logs = new CapturingLoggerProvider();
        await using var first = await GatewayHost.StartAsync(connectionString: database, masterKey: NewKey());
        await using var same = await GatewayHost.StartAsync(connectionString: database, masterKey: NewKey(), logging: l => l.ClearProviders().AddProvider(logs));

        Assert.Contains(logs.Lines, l => l.Contains("master key differs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_SameMasterKey_NoWarning()
    {
        var database = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        var key = NewKey();
        var logs = new CapturingLoggerProvider();
        await using var first = await GatewayHost.StartAsync(connectionString: database, masterKey: key);
        await using var second = await GatewayHost.StartAsync(connectionString: database, masterKey: key, logging: l => l.ClearProviders().AddProvider(logs));

        Assert.DoesNotContain(logs.Lines, l => l.Contains("master key differs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ModelAdded_WithoutRedis_ReachesOtherInstanceByPolling()
    {
        await using var two = await TwoInstances.StartAsync(withRedis: false, poll: TimeSpan.FromMilliseconds(500));
        await two.SetUpAsync();

        await two.A.SendAsync(HttpMethod.Post, "/api/v1/apply", TwoInstances.Manifest("m1", "m2"), "application/yaml");
        var took = await TwoInstances.WaitAsync(async () => await two.ChatAsync(two.B, "acct/m2") == 200, TimeSpan.FromSeconds(10), "B to serve acct/m2");

        Assert.True(took < TimeSpan.FromSeconds(3), $"B served the new model after {took.TotalMilliseconds:F0} ms (poll every 0.5 s)");
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
