using System.Text.Json;

namespace Sluice.Gateway.Tests.UsageRecording;

/// <summary><c>GET /api/v1/usage</c> over <see cref="UsageDataFixture"/>'s six records: filters, cursor, CSV, access.</summary>
public abstract class UsageListTests(UsageDataFixture fx)
{
    public sealed class OnSqlite(UsageDataFixture.OnSqlite fx) : UsageListTests(fx), IClassFixture<UsageDataFixture.OnSqlite>;

    public sealed class OnPostgres(UsageDataFixture.OnPostgres fx) : UsageListTests(fx), IClassFixture<UsageDataFixture.OnPostgres>;

    [Fact]
    public async Task List_PagedByCursor_ReturnsEveryRecordOnceNewestFirst()
    {
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var body = await GetAsync("limit=4" + (cursor is null ? "" : "&cursor=" + cursor));
            seen.AddRange(body.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("request_id").GetString()!));
            cursor = body.GetProperty("next_cursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(["r6", "r5", "r4", "r3", "r2", "r1"], seen);
        Assert.Equal(2, pages);
    }

    [Fact]
    public async Task List_Filters_SelectMatchingRecords()
    {
        Assert.Equal(["r6", "r2", "r1"], await IdsAsync("model=a/m1"));
        Assert.Equal(["r3"], await IdsAsync("status=error"));
        Assert.Equal(["r3"], await IdsAsync("status=429"));
        Assert.Equal(["r6", "r2", "r1"], await IdsAsync("team=ml"));
        Assert.Equal(["r4", "r3"], await IdsAsync("user=bob@example.com"));
        Assert.Equal(["r5", "r4"], await IdsAsync("account=b"));
        Assert.Equal(["r4"], await IdsAsync("metadata.project=ads"));
        Assert.Equal(["r4", "r3", "r2"], await IdsAsync("from=2026-11-30T10:30:00Z&to=2026-11-30T12:00:00Z"));
        Assert.Empty(await IdsAsync("metadata.project=nothing"));
    }

    [Fact]
    public async Task List_Record_CarriesNewFieldsAndUnknownCostAsNull()
    {
        var data = (await GetAsync("")).GetProperty("data").EnumerateArray().ToDictionary(r => r.GetProperty("request_id").GetString()!);

        Assert.Equal(JsonValueKind.Null, data["r4"].GetProperty("cost_usd").ValueKind);
        Assert.Equal("ads", data["r4"].GetProperty("metadata").GetProperty("project").GetString());
        Assert.Equal(100, data["r4"].GetProperty("ttft_ms").GetDouble());
        Assert.Equal(["everyone", "ml"], data["r1"].GetProperty("teams").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("bot", data["r5"].GetProperty("virtual_account").GetString());
        Assert.Equal("end-user-7", data["r6"].GetProperty("end_user").GetString());
        Assert.Equal("a", data["r6"].GetProperty("account").GetString());
    }

    [Fact]
    public async Task List_NonAdminCaller_SeesOnlyOwnRecords()
    {
        var (status, body, _) = await fx.Host.SendAsync(HttpMethod.Get, "/api/v1/usage", token: fx.BobToken);
        var others = await fx.Host.SendAsync(HttpMethod.Get, "/api/v1/usage?user=alice@example.com", token: fx.BobToken);

        Assert.Equal(200, status);
        Assert.Equal(["r4", "r3"], body.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("request_id").GetString()));
        Assert.Equal(0, others.Body.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task List_AcceptCsv_AnswersCsvWithCursorHeader()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/usage?limit=2");
        request.Headers.Accept.ParseAdd("text/csv");
        using var response = await fx.Host.Http.SendAsync(request);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("request_id,timestamp,principal,model,account,", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("r6,2026-11-30T12:50:00.0000000+00:00,user:alice@example.com,a/m1,a,", lines[1]);
        Assert.EndsWith(",\"everyone,ml\",,,end-user-7,,,1", lines[1]); // ..., metadata, resolved_model, attempts
        Assert.StartsWith("r5,", lines[2]);
        Assert.NotEmpty(response.Headers.GetValues("X-Next-Cursor").Single());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=many", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("to=soon", "to")]
    [InlineData("status=999", "status")]
    [InlineData("user=", "user")]
    public async Task List_BadParameter_400NamesIt(string query, string parameter)
    {
        var (status, body, _) = await fx.Host.SendAsync(HttpMethod.Get, "/api/v1/usage?" + query);

        Assert.Equal(400, status);
        Assert.Contains(body.GetProperty("error").GetProperty("details").EnumerateArray(), d => d.GetProperty("path").GetString() == parameter);
    }

    private async Task<JsonElement> GetAsync(string query)
    {
        var (status, body, text) = await fx.Host.SendAsync(HttpMethod.Get, "/api/v1/usage?" + query);
        Assert.True(status == 200, text);
        return body;
    }

    private async Task<List<string>> IdsAsync(string query) =>
        (await GetAsync(query)).GetProperty("data").EnumerateArray().Select(r => r.GetProperty("request_id").GetString()!).ToList();
}
