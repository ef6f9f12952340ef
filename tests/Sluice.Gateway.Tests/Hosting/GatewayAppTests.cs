using Microsoft.Extensions.DependencyInjection;
using Sluice.Core.Usage;

namespace Sluice.Gateway.Tests.Hosting;

public sealed class GatewayAppTests
{
    [Fact]
    public async Task Start_Healthz_Returns200AndBannerNamesPort()
    {
        await using var host = await GatewayHost.StartAsync();

        var health = await host.SendAsync(HttpMethod.Get, "/healthz", token: null);

        Assert.Equal(200, health.Status);
        Assert.Contains($"Sluice gateway listening on {host.BaseUrl}", host.Output.ToString(), StringComparison.Ordinal);
        Assert.Contains($"OpenAI base URL: {host.BaseUrl}/v1", host.Output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FirstStart_NoAdminToken_PrintsGeneratedKeyOnceAndItWorks()
    {
        var dir = Path.Combine(Path.GetTempPath(), "sluice-test-" + Guid.NewGuid().ToString("N"));
        string printed;
        await using (var first = await GatewayHost.StartAsync(adminToken: null, dataDir: dir))
        {
            printed = first.Output.ToString().Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("sk-sluice-", StringComparison.Ordinal));
            var audit = await first.SendAsync(HttpMethod.Get, "/api/v1/audit", token: printed);
            Assert.Equal(200, audit.Status);
        }

        Assert.StartsWith("sk-sluice-", printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigFile_AppliedAtStart()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, TestManifests.Account);
        await using var host = await GatewayHost.StartAsync(configFile: file);

        Assert.True(host.Snapshots.Current.Models.ContainsKey("acct-one/titan-embed"));
        File.Delete(file);
    }

    [Fact]
    public async Task UsageSink_RecordsReachDatabaseAndUsageEndpoint()
    {
        await using var host = await GatewayHost.StartAsync();
        var sink = host.App.Services.GetRequiredService<IUsageSink>();
        for (var i = 0; i < 3; i++)
        {
            sink.Record(new UsageRecord($"req-{i}", DateTimeOffset.UtcNow, "user:admin", "a/m", "amazon.nova-lite-v1:0", "us-east-1",
                "chat", 200, 10, 5, 0, 0, 0, 0.0012m, false, 12.5, null));
        }

        var count = 0;
        System.Text.Json.JsonElement body = default;
        for (var attempt = 0; attempt < 100 && count < 3; attempt++)
        {
            await Task.Delay(100);
            body = (await host.SendAsync(HttpMethod.Get, "/api/v1/usage")).Body;
            count = body.GetProperty("data").GetArrayLength();
        }

        Assert.Equal(3, count);
        Assert.Equal(0.0012m, body.GetProperty("data")[0].GetProperty("cost_usd").GetDecimal());
    }
}
