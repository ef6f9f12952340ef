using System.Text.Json;
using Sluice.Core.Configuration;
using Sluice.Gateway.Telemetry;

namespace Sluice.Gateway.Tests.Telemetry;

/// <summary>
/// Bodies are logged (category <c>Sluice.Bodies</c>) only when the request (<c>x-tfy-logging-config</c>,
/// <c>x-sluice-logging-config</c>, or <c>tfy_log_request</c> in its metadata) or the tenant's
/// <c>logging_settings</c> opts in; never the key; each body cut at 16 KiB. A malformed header is a 400.
/// </summary>
public sealed class BodyLoggingTests(TelemetryFixture fx) : IClassFixture<TelemetryFixture>
{
    [Fact]
    public async Task Chat_TfyLoggingConfigEnabled_BodiesLoggedWithoutTheKey()
    {
        var prompt = "log-my-words-" + Guid.NewGuid().ToString("N");

        var (status, text, headers) = await ChatAsync(prompt, stream: false, ("x-tfy-logging-config", """{"enabled": true}"""));

        Assert.True(status == 200, text);
        var record = await BodiesOfAsync(headers);
        Assert.Equal(200, record.Fields["Status"]);
        Assert.Equal("/v1/chat/completions", record.Fields["Route"]);
        Assert.Contains(prompt, (string)record.Fields["RequestBody"]!, StringComparison.Ordinal);
        var answer = JsonDocument.Parse(text).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        Assert.Equal(text, record.Fields["ResponseBody"]); // the answer as it went out
        Assert.Contains(answer, record.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(fx.UserToken, record.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_SluiceLoggingConfigEnabled_TheEventsAreTheResponseBody()
    {
        var (status, text, headers) = await ChatAsync("stream and log", stream: true, ("x-sluice-logging-config", """{"enabled":true}"""));

        Assert.True(status == 200, text);
        var record = await BodiesOfAsync(headers);
        Assert.Equal(text, record.Fields["ResponseBody"]);
        Assert.Contains("data: [DONE]", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_NoOptInOrOptOut_NoBodiesLogged()
    {
        var (_, _, silent) = await ChatAsync("not logged " + Guid.NewGuid().ToString("N"), stream: false);
        var (_, _, optedOut) = await ChatAsync("not logged either", stream: false, ("x-tfy-logging-config", """{"enabled": false}"""));
        var (_, _, legacyOut) = await ChatAsync("nor this", stream: false, ("x-tfy-metadata", """{"tfy_log_request":"false"}"""));
        // A later call that opts in: once its record is there, the earlier calls (answered before it was sent) are over.
        var (_, _, logged) = await ChatAsync("logged", stream: false, ("x-tfy-metadata", """{"tfy_log_request":"true"}"""));

        await BodiesOfAsync(logged);
        foreach (var headers in new[] { silent, optedOut, legacyOut })
        {
            var id = headers.GetValues("x-request-id").Single();
            Assert.DoesNotContain(fx.Logs.Entries, e => e.Category == BodyLog.Category && Equals(e.Fields.GetValueOrDefault("RequestId"), id));
            Assert.Contains(fx.Logs.Entries, e => e.Category == "Sluice.Access" && Equals(e.Fields.GetValueOrDefault("RequestId"), id));
        }
    }

    [Fact]
    public async Task Chat_LargeBodyOptedIn_CutAtTheCap()
    {
        var prompt = new string('x', 40_000);

        var (status, text, headers) = await ChatAsync(prompt, stream: false, ("x-tfy-logging-config", """{"enabled": true}"""));

        Assert.True(status == 200, text);
        var logged = (string)(await BodiesOfAsync(headers)).Fields["RequestBody"]!;
        var kept = logged[..logged.IndexOf('…', StringComparison.Ordinal)];
        Assert.Equal(BodyCapture.MaxBytes, kept.Length);
        Assert.EndsWith(" more bytes]", logged, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x-tfy-logging-config", "yes")]
    [InlineData("x-tfy-logging-config", """{"enabled":"true"}""")]
    [InlineData("x-tfy-logging-config", """{"enable":true}""")]
    [InlineData("x-sluice-logging-config", "[]")]
    [InlineData("x-sluice-logging-config", "{}")]
    [InlineData("x-tfy-metadata", """{"tfy_log_request":"sometimes"}""")]
    public async Task Chat_MalformedLoggingHeader_400NamingTheHeader(string header, string value)
    {
        var (status, text, _) = await ChatAsync("bad header", stream: false, (header, value));

        Assert.Equal(400, status);
        var error = JsonDocument.Parse(text).RootElement.GetProperty("error");
        Assert.Equal("invalid_header", error.GetProperty("code").GetString());
        Assert.Equal(header, error.GetProperty("param").GetString(), ignoreCase: true);
        Assert.Contains(header, error.GetProperty("message").GetString()!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Messages_MalformedLoggingHeader_AnthropicInvalidRequest()
    {
        var body = JsonSerializer.Serialize(new { model = fx.Account + "/claude", max_tokens = 10, messages = new[] { new { role = "user", content = "hi" } } });

        var (status, text, _) = await fx.SendAsync(HttpMethod.Post, "/v1/messages", body, null, ("x-tfy-logging-config", "nope"));

        Assert.Equal(400, status);
        Assert.Equal("invalid_request_error", JsonDocument.Parse(text).RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Chat_TenantLoggingAlways_LoggedWithoutHeaderAndNeverWinsOverHeader()
    {
        try
        {
            await ApplySettingsAsync("""{"type":"always"}""");
            var (_, _, always) = await ChatAsync("tenant logs all", stream: false, ("x-tfy-logging-config", """{"enabled": false}"""));
            Assert.Contains("tenant logs all", (string)(await BodiesOfAsync(always)).Fields["RequestBody"]!, StringComparison.Ordinal);

            await ApplySettingsAsync("""{"type":"never"}""");
            var (_, _, never) = await ChatAsync("tenant logs none", stream: false, ("x-tfy-logging-config", """{"enabled": true}"""));
            await ApplySettingsAsync("""{"type":"header_controlled","log_body_by_default":true}""");
            var (_, _, byDefault) = await ChatAsync("logged by default", stream: false);

            await BodiesOfAsync(byDefault);
            var id = never.GetValues("x-request-id").Single();
            Assert.DoesNotContain(fx.Logs.Entries, e => e.Category == BodyLog.Category && Equals(e.Fields.GetValueOrDefault("RequestId"), id));
        }
        finally
        {
            // Tenant-wide: the other tests of this class expect the default (only on request).
            var (status, text, _) = await fx.SendAsync(HttpMethod.Post, "/api/v1/apply", """{"name":"settings","type":"gateway-global-settings"}""", fx.AdminToken);
            Assert.True(status == 200, text);
        }
    }

    [Fact]
    public async Task Apply_UnknownLoggingType_400NamingThePathWithSuggestion()
    {
        var (status, text, _) = await fx.SendAsync(HttpMethod.Post, "/api/v1/apply",
            """{"name":"settings","type":"gateway-global-settings","logging_settings":{"type":"allways","log_body_by_default":"yes"}}""", fx.AdminToken);

        Assert.Equal(400, status);
        Assert.Contains("logging_settings.type", text, StringComparison.Ordinal);
        Assert.Contains("\"always\"", text, StringComparison.Ordinal);
        Assert.Contains("logging_settings.log_body_by_default", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(BodyLoggingMode.HeaderControlled, false, null, false)]
    [InlineData(BodyLoggingMode.HeaderControlled, false, true, true)]
    [InlineData(BodyLoggingMode.HeaderControlled, true, null, true)]
    [InlineData(BodyLoggingMode.HeaderControlled, true, false, false)]
    [InlineData(BodyLoggingMode.Always, false, false, true)]
    [InlineData(BodyLoggingMode.Never, true, true, false)]
    public void Wanted_ModeDefaultAndRequest_TenantModeThenRequestThenDefault(BodyLoggingMode mode, bool byDefault, bool? requested, bool expected) =>
        Assert.Equal(expected, BodyCapture.Wanted(new BodyLoggingSettings(mode, byDefault), requested));

    private async Task ApplySettingsAsync(string logging)
    {
        var (status, text, _) = await fx.SendAsync(HttpMethod.Post, "/api/v1/apply",
            $$"""{"name":"settings","type":"gateway-global-settings","logging_settings":{{logging}}}""", fx.AdminToken);
        Assert.True(status == 200, text);
    }

    private async Task<LogCollector.Entry> BodiesOfAsync(System.Net.Http.Headers.HttpResponseHeaders headers)
    {
        var id = headers.GetValues("x-request-id").Single();
        return await fx.Logs.WaitForAsync(e => e.Category == BodyLog.Category && Equals(e.Fields.GetValueOrDefault("RequestId"), id));
    }

    private Task<(int Status, string Text, System.Net.Http.Headers.HttpResponseHeaders Headers)> ChatAsync(string text, bool stream, params (string, string)[] headers) =>
        fx.SendAsync(HttpMethod.Post, "/v1/chat/completions", JsonSerializer.Serialize(new
        {
            model = fx.Account + "/nova-lite",
            messages = new[] { new { role = "user", content = text } },
            stream,
        }), null, headers);
}
