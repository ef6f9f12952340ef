using Microsoft.Extensions.DependencyInjection;
using Sluice.Core.Usage;
using Sluice.Gateway.Tests.Hosting;
using Sluice.Gateway.Tests.Scaling;

namespace Sluice.Gateway.Tests.UsageRecording;

/// <summary>
/// A gateway whose store holds six known usage records over three hours of 2026-11-30 (UTC), written through the
/// real batched writer (so the hourly rollups are the writer's own). bob@example.com has a personal access token.
/// One fixture per store (<see cref="OnSqlite"/>, <see cref="OnPostgres"/>): the usage tests run on both.
/// </summary>
public abstract class UsageDataFixture(TestStore store) : IAsyncLifetime
{
    public static readonly DateTimeOffset Day = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    internal GatewayHost Host { get; private set; } = null!;

    public string BobToken { get; private set; } = "";

    public static IReadOnlyList<UsageRecord> Records { get; } =
    [
        Record("r1", 10, 15, "user:alice@example.com", "a/m1", 200, 100, 10, 0, 0, 0.001m, 100) with { Teams = "everyone,ml", Metadata = """{"project":"search"}""" },
        Record("r2", 10, 45, "user:alice@example.com", "a/m1", 200, 200, 20, 50, 10, 0.002m, 200) with { Teams = "everyone,ml", Metadata = """{"project":"search"}""", TimeToFirstTokenMs = 50 },
        Record("r3", 11, 20, "user:bob@example.com", "a/m2", 429, 0, 0, 0, 0, 0m, 30) with { Teams = "everyone" },
        Record("r4", 11, 40, "user:bob@example.com", "b/m3", 200, 300, 30, 0, 0, null, 400) with { Teams = "everyone", Metadata = """{"project":"ads"}""", TimeToFirstTokenMs = 100 },
        Record("r5", 12, 10, "virtualaccount:bot", "b/m3", 200, 50, 5, 0, 0, null, 50) with { VirtualAccount = "bot" },
        Record("r6", 12, 50, "user:alice@example.com", "a/m1", 200, 10, 1, 0, 0, 0.0005m, 10) with { Teams = "everyone,ml", EndUser = "end-user-7" },
    ];

    public async Task InitializeAsync()
    {
        Host = await GatewayHost.StartAsync(store: store);
        BobToken = (await Host.SendAsync(HttpMethod.Post, "/api/v1/personal-access-tokens", """{"name":"t","user":"bob@example.com"}"""))
            .Body.GetProperty("token").GetString()!;
        var sink = Host.App.Services.GetRequiredService<IUsageSink>();
        foreach (var record in Records) sink.Record(record);

        // The writer batches about once a second: wait until every record is readable.
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var (_, body, _) = await Host.SendAsync(HttpMethod.Get, "/api/v1/usage");
            if (body.GetProperty("data").GetArrayLength() == Records.Count) return;
            await Task.Delay(50);
        }

        throw new TimeoutException("The usage records were not written.");
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    public sealed class OnSqlite() : UsageDataFixture(TestStore.Sqlite);

    public sealed class OnPostgres() : UsageDataFixture(TestStore.Postgres);

    private static UsageRecord Record(string id, int hour, int minute, string principal, string model, int status,
        int prompt, int completion, int cached, int cacheWrite, decimal? cost, double latency) =>
        new(id, Day.AddHours(hour).AddMinutes(minute), principal, model, model.Split('/')[1], "us-east-1", "chat", status,
            prompt, completion, cached, cacheWrite, 0, cost, false, latency, status >= 400 ? "ThrottlingException" : null);
}
