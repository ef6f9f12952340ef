using System.Globalization;
using System.Text.Json;

namespace Sluice.Gateway.Tests.UsageRecording;

/// <summary><c>GET /api/v1/usage/summary</c> over <see cref="UsageDataFixture"/>'s six records.</summary>
public abstract class UsageSummaryTests(UsageDataFixture fx)
{
    public sealed class OnSqlite(UsageDataFixture.OnSqlite fx) : UsageSummaryTests(fx), IClassFixture<UsageDataFixture.OnSqlite>;

    public sealed class OnPostgres(UsageDataFixture.OnPostgres fx) : UsageSummaryTests(fx), IClassFixture<UsageDataFixture.OnPostgres>;

    [Fact]
    public async Task Summary_ByModel_CountsSumsAndUnknownCost()
    {
        var groups = await GroupsAsync("group_by=model");

        Assert.Equal(["a/m1", "a/m2", "b/m3"], groups.Select(g => g.GetProperty("model").GetString()));
        var m1 = groups[0];
        Assert.Equal((3, 0, 310, 31, 50, 10), Counts(m1));
        Assert.Equal(0.0035m, m1.GetProperty("cost_usd").GetDecimal());
        Assert.Equal(0, m1.GetProperty("unknown_cost_requests").GetInt64());
        var m2 = groups[1];
        Assert.Equal((1, 1, 0, 0, 0, 0), Counts(m2));
        Assert.Equal(0m, m2.GetProperty("cost_usd").GetDecimal());
        // Both b/m3 calls have no price: the cost is unknown, never 0.
        var m3 = groups[2];
        Assert.Equal((2, 0, 350, 35, 0, 0), Counts(m3));
        Assert.Equal(JsonValueKind.Null, m3.GetProperty("cost_usd").ValueKind);
        Assert.Equal(2, m3.GetProperty("unknown_cost_requests").GetInt64());
    }

    [Fact]
    public async Task Summary_ByModel_LatencyPercentilesWithinFivePercent()
    {
        var m1 = (await GroupsAsync("group_by=model"))[0];

        // Latencies 10, 100, 200 ms; time to first token only on r2 (50 ms).
        AssertNear(100, m1.GetProperty("latency_p50_ms").GetDouble());
        AssertNear(200, m1.GetProperty("latency_p95_ms").GetDouble());
        AssertNear(50, m1.GetProperty("ttft_p50_ms").GetDouble());
        Assert.Equal(JsonValueKind.Null, (await GroupsAsync("group_by=model"))[1].GetProperty("ttft_p50_ms").ValueKind);
    }

    [Fact]
    public async Task Summary_WindowCuttingHours_CountsOnlyRecordsInside()
    {
        // 10:30 to 12:30 cuts the 10:00 and 12:00 hours: r2, r3, r4 and r5 are inside.
        var groups = await GroupsAsync("group_by=user&from=2026-11-30T10:30:00Z&to=2026-11-30T12:30:00Z");

        Assert.Equal(["user:alice@example.com", "user:bob@example.com", "virtualaccount:bot"], groups.Select(g => g.GetProperty("user").GetString()));
        Assert.Equal((1, 0, 200, 20, 50, 10), Counts(groups[0]));
        Assert.Equal((2, 1, 300, 30, 0, 0), Counts(groups[1]));
        Assert.Equal(0m, groups[1].GetProperty("cost_usd").GetDecimal());
        Assert.Equal(1, groups[1].GetProperty("unknown_cost_requests").GetInt64());
        Assert.Equal((1, 0, 50, 5, 0, 0), Counts(groups[2]));
    }

    [Fact]
    public async Task Summary_WindowAroundWholeDay_CountsTheSameAsNoWindow()
    {
        // Read from the daily rollup of 11-30, hourly rollups beside it and records at the cut edges.
        var windowed = await GroupsAsync("group_by=model&from=2026-11-29T22:30:00Z&to=2026-12-01T01:30:00Z");
        var all = await GroupsAsync("group_by=model");

        Assert.Equal(all.Select(g => g.ToString()), windowed.Select(g => g.ToString()));
    }

    [Fact]
    public async Task Summary_ByTeam_CallerInTwoTeamsCountsInEach()
    {
        var groups = await GroupsAsync("group_by=team");

        Assert.Equal([(null, 1L), ("everyone", 5L), ("ml", 3L)],
            groups.Select(g => (g.GetProperty("team").GetString(), g.GetProperty("requests").GetInt64())));
    }

    [Fact]
    public async Task Summary_ByMetadataKeyAndFilteredByIt_GroupsByValue()
    {
        var groups = await GroupsAsync("group_by=metadata.project");
        var search = await GroupsAsync("metadata.project=search");

        Assert.Equal([(null, 3L), ("ads", 1L), ("search", 2L)],
            groups.Select(g => (g.GetProperty("metadata.project").GetString(), g.GetProperty("requests").GetInt64())));
        Assert.Equal((2, 0, 300, 30, 50, 10), Counts(Assert.Single(search)));
    }

    [Fact]
    public async Task Summary_ByHourAndVirtualAccountWithStatusFilter_GroupsSuccessfulCallsPerHour()
    {
        var groups = await GroupsAsync("group_by=hour,virtual_account&status=success");

        Assert.Equal(
            [("2026-11-30T10:00:00Z", null, 2L), ("2026-11-30T11:00:00Z", null, 1L), ("2026-11-30T12:00:00Z", null, 1L), ("2026-11-30T12:00:00Z", "bot", 1L)],
            groups.Select(g => (g.GetProperty("hour").GetString(), g.GetProperty("virtual_account").GetString(), g.GetProperty("requests").GetInt64())));
    }

    [Fact]
    public async Task Summary_NonAdminCaller_SeesOnlyOwnUsage()
    {
        var (status, body, text) = await fx.Host.SendAsync(HttpMethod.Get, "/api/v1/usage/summary?group_by=account", token: fx.BobToken);

        Assert.Equal(200, status);
        var groups = body.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal([("a", 1L), ("b", 1L)], groups.Select(g => (g.GetProperty("account").GetString(), g.GetProperty("requests").GetInt64())));
        Assert.DoesNotContain("alice", text);
    }

    [Fact]
    public async Task Summary_AcceptCsv_AnswersHeaderAndOneLinePerGroup()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/usage/summary?group_by=day,account");
        request.Headers.Accept.ParseAdd("text/csv");
        using var response = await fx.Host.Http.SendAsync(request);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("day,account,requests,errors,prompt_tokens,completion_tokens,cached_tokens,cache_write_tokens,images,cost_usd,unknown_cost_requests,latency_p50_ms,latency_p95_ms,ttft_p50_ms,ttft_p95_ms", lines[0]);
        Assert.Equal(3, lines.Length);
        var a = lines[1].Split(',');
        var b = lines[2].Split(',');
        Assert.Equal(["2026-11-30", "a", "4", "1", "310", "31", "50", "10", "0"], a[..9]);
        Assert.Equal(0.0035m, decimal.Parse(a[9], CultureInfo.InvariantCulture));
        Assert.Equal(["2026-11-30", "b", "2", "0", "350", "35", "0", "0", "0", "", "2"], b[..11]);
    }

    [Theory]
    [InlineData("group_by=region", "group_by")]
    [InlineData("group_by=model,model", "group_by")]
    [InlineData("from=yesterday", "from")]
    [InlineData("status=teapot", "status")]
    [InlineData("modle=a/m1", "modle")]
    [InlineData("from=2026-12-01&to=2026-11-01", "to")]
    public async Task Summary_BadParameter_400NamesIt(string query, string parameter)
    {
        var (status, body, _) = await fx.Host.SendAsync(HttpMethod.Get, "/api/v1/usage/summary?" + query);

        Assert.Equal(400, status);
        var details = body.GetProperty("error").GetProperty("details");
        Assert.Contains(details.EnumerateArray(), d => d.GetProperty("path").GetString() == parameter);
    }

    private async Task<List<JsonElement>> GroupsAsync(string query)
    {
        var (status, body, text) = await fx.Host.SendAsync(HttpMethod.Get, "/api/v1/usage/summary?" + query);
        Assert.True(status == 200, text);
        return body.GetProperty("data").EnumerateArray().ToList();
    }

    private static (long, long, long, long, long, long) Counts(JsonElement g) => (
        g.GetProperty("requests").GetInt64(), g.GetProperty("errors").GetInt64(), g.GetProperty("prompt_tokens").GetInt64(),
        g.GetProperty("completion_tokens").GetInt64(), g.GetProperty("cached_tokens").GetInt64(), g.GetProperty("cache_write_tokens").GetInt64());

    private static void AssertNear(double expected, double actual) => Assert.InRange(actual, expected * 0.95, expected * 1.05);
}
