using System.Text.Json;

namespace Sluice.Gateway.Tests.UsageRecording;

/// <summary><c>GET /api/v1/usage?request_id=</c>: the records of one call, for the UI's request detail and the Playground's cost.</summary>
public abstract class UsageRequestDetailTests(UsageDataFixture fx)
{
    public sealed class OnSqlite(UsageDataFixture.OnSqlite fx) : UsageRequestDetailTests(fx), IClassFixture<UsageDataFixture.OnSqlite>;

    public sealed class OnPostgres(UsageDataFixture.OnPostgres fx) : UsageRequestDetailTests(fx), IClassFixture<UsageDataFixture.OnPostgres>;

    [Fact]
    public async Task List_RequestId_ReturnsOnlyThatCallsRecord()
    {
        var (status, body, text) = await fx.Host.SendAsync(HttpMethod.Get, "/api/v1/usage?request_id=r4&from=2026-11-30");

        Assert.True(status == 200, text);
        var record = Assert.Single(body.GetProperty("data").EnumerateArray());
        Assert.Equal("r4", record.GetProperty("request_id").GetString());
        Assert.Equal(JsonValueKind.Null, record.GetProperty("cost_usd").ValueKind);
    }

    [Fact]
    public async Task List_RequestIdOfAnotherCaller_NonAdminGetsNoRecord()
    {
        var own = await fx.Host.SendAsync(HttpMethod.Get, "/api/v1/usage?request_id=r3", token: fx.BobToken);
        var others = await fx.Host.SendAsync(HttpMethod.Get, "/api/v1/usage?request_id=r1", token: fx.BobToken);

        Assert.Equal(1, own.Body.GetProperty("data").GetArrayLength());
        Assert.Equal(200, others.Status);
        Assert.Equal(0, others.Body.GetProperty("data").GetArrayLength());
    }

    [Theory]
    [InlineData("request_id=has%20space")]
    [InlineData("request_id=")]
    public async Task List_BadRequestId_400NamesIt(string query)
    {
        var (status, body, _) = await fx.Host.SendAsync(HttpMethod.Get, "/api/v1/usage?" + query);

        Assert.Equal(400, status);
        Assert.Contains(body.GetProperty("error").GetProperty("details").EnumerateArray(), d => d.GetProperty("path").GetString() == "request_id");
    }
}
