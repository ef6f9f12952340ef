using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Sluice.Gateway.Tests.Hosting;
using Sluice.Storage;

namespace Sluice.Gateway.Tests.Storage;

/// <summary>A store with usage recorded before the analytics migration: its records keep counting in summaries.</summary>
public sealed class UsageMigrationTests
{
    [Fact]
    public async Task Migrate_UsageStoredBefore_GetsTimeAccountAndRollupsSoSummariesCountIt()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "sluice-usage-migration-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        var options = new DbContextOptionsBuilder<SluiceDbContext>().UseSqlite("Data Source=" + Path.Combine(dataDir, "sluice.db")).Options;
        var at = new DateTimeOffset(2026, 11, 20, 8, 30, 0, TimeSpan.Zero);
        await using (var db = new SluiceDbContext(options))
        {
            await db.GetService<IMigrator>().MigrateAsync("20261205034300_ModelDropParamsAndCreatedAt");
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO usage_records (RequestId, Timestamp, PrincipalId, Model, UpstreamModelId, Region, Operation, Status,
                    PromptTokens, CompletionTokens, CachedTokens, CacheWriteTokens, Images, CostUsd, PrivateCost, LatencyMs)
                VALUES ('old-1', {at}, 'user:admin', 'acct/nova', 'amazon.nova-lite-v1:0', 'us-east-1', 'chat', 200, 11, 7, 0, 0, 0, '0.25', 0, 42.0)
                """);
        }

        SqliteConnection.ClearAllPools();
        await using var host = await GatewayHost.StartAsync(dataDir: dataDir);
        System.Text.Json.JsonElement row = default;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            // The writer builds the rollups of earlier records when it starts.
            var data = (await host.SendAsync(HttpMethod.Get, "/api/v1/usage/summary?group_by=account,day")).Body.GetProperty("data");
            if (data.GetArrayLength() == 1) { row = data[0]; break; }
            await Task.Delay(50);
        }

        Assert.Equal(("acct", "2026-11-20", 1L, 11L), (row.GetProperty("account").GetString(), row.GetProperty("day").GetString(),
            row.GetProperty("requests").GetInt64(), row.GetProperty("prompt_tokens").GetInt64()));
        Assert.Equal(0.25m, row.GetProperty("cost_usd").GetDecimal());
        var listed = (await host.SendAsync(HttpMethod.Get, "/api/v1/usage?from=2026-11-20T08:00:00Z&to=2026-11-20T09:00:00Z")).Body.GetProperty("data");
        Assert.Equal("old-1", Assert.Single(listed.EnumerateArray()).GetProperty("request_id").GetString());
    }
}
