using System.Text.Json;

namespace Sluice.Gateway.Tests.Telemetry;

/// <summary>
/// Requests refused before any model was called (a bad key, no access, an unknown model, a bad body, a limit) are
/// counted in <c>sluice_gateway_requests_total</c> with their status and error type, and get an access-log line,
/// like served calls. Each refusal carries its own metadata value, so its series is its own in the process-wide meter.
/// </summary>
public sealed class RefusalTests(TelemetryFixture fx) : IClassFixture<TelemetryFixture>
{
    public static TheoryData<string, string, int, string> Refusals => new()
    {
        // case, path, expected status, route label
        { "forbidden", "/v1/chat/completions", 403, "chat" },
        { "unknown", "/v1/chat/completions", 404, "chat" },
        { "bad-body", "/v1/chat/completions", 400, "chat" },
        { "unknown-stream", "/v1/chat/completions", 404, "chat.stream" },
        { "messages-unknown", "/v1/messages", 404, "messages" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Refused_BeforeModelCall_CountedAndAccessLogged(string kind, string path, int expected, string route)
    {
        var customer = kind + "-" + Guid.NewGuid().ToString("N")[..8];
        var body = kind switch
        {
            "forbidden" => Chat(fx.Account + "/private", stream: false),
            "unknown" => Chat(fx.Account + "/no-such-model", stream: false),
            "unknown-stream" => Chat(fx.Account + "/no-such-model", stream: true),
            "bad-body" => """{"model":5,"messages":[]}""",
            _ => JsonSerializer.Serialize(new { model = fx.Account + "/no-such-model", max_tokens = 10, messages = new[] { new { role = "user", content = "hi" } } }),
        };

        var (status, text, headers) = await fx.SendAsync(HttpMethod.Post, path, body, null, ("x-tfy-metadata", $$"""{"customer":"{{customer}}"}"""));

        Assert.True(status == expected, text);
        // Anthropic's error JSON has no code: x-sluice-error-code carries it.
        var code = headers.TryGetValues("x-sluice-error-code", out var values) ? values.Single() : ErrorCode(text);
        var metrics = await fx.ScrapeAsync();
        var series = metrics.Find("sluice_gateway_requests_total", ("sluice_metadata_customer", customer));
        var point = Assert.Single(series);
        Assert.Equal(1, point.Value);
        Assert.Equal(route, point.Labels["sluice_route"]);
        Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), point.Labels["http_response_status_code"]);
        Assert.Equal(code, point.Labels["error_type"]);
        Assert.Equal("dev@example.com", point.Labels["sluice_user"]);
        Assert.Equal("", point.Labels["sluice_model"]); // the caller's text never becomes a label
        Assert.Equal(1, metrics.Sum("sluice_gateway_request_duration_seconds_count", ("sluice_metadata_customer", customer)));

        var line = await fx.Logs.WaitForAsync(e => e.Category == "Sluice.Access" && Equals(e.Fields.GetValueOrDefault("RequestId"), headers.GetValues("x-request-id").Single()));
        Assert.Equal(expected, line.Fields["Status"]);
        Assert.Equal(path, line.Fields["Route"]);
        Assert.Equal("dev@example.com", line.Fields["Caller"]);
        Assert.Equal(0, line.Fields["InputTokens"]);
    }

    [Fact]
    public async Task Refused_BadKey_CountedWithoutCallerAndAccessLogged()
    {
        var labels = new[] { ("sluice_route", "chat"), ("http_response_status_code", "401"), ("sluice_user", "") };
        var before = (await fx.ScrapeAsync()).Sum("sluice_gateway_requests_total", labels);
        var requestId = "req-badkey-" + Guid.NewGuid().ToString("N");

        var (status, text, _) = await fx.SendAsync(HttpMethod.Post, "/v1/chat/completions", Chat(fx.Account + "/nova-lite", stream: false), "sk-sluice-not-a-key",
            ("x-request-id", requestId));

        Assert.Equal(401, status);
        var after = await fx.ScrapeAsync();
        // Only this class's gateways label requests by user, and no other test here sends a bad key.
        Assert.Equal(before + 1, after.Sum("sluice_gateway_requests_total", labels));
        Assert.Equal(before + 1, after.Sum("sluice_gateway_requests_total", [.. labels, ("error_type", ErrorCode(text))]));
        var line = await fx.Logs.WaitForAsync(e => e.Category == "Sluice.Access" && Equals(e.Fields.GetValueOrDefault("RequestId"), requestId));
        Assert.Equal(401, line.Fields["Status"]);
        Assert.Equal("-", line.Fields["Caller"]);
        Assert.Equal("-", line.Fields["Model"]);
        Assert.DoesNotContain("sk-sluice-not-a-key", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_ByRateLimit_CountedUnderTheResolvedModel()
    {
        var customer = "limit-" + Guid.NewGuid().ToString("N")[..8];
        var model = fx.Account + "/titan-embed";
        var body = JsonSerializer.Serialize(new { model, input = "limited" });
        var metadata = ("x-tfy-metadata", $$"""{"customer":"{{customer}}"}""");

        var (first, _, _) = await fx.SendAsync(HttpMethod.Post, "/v1/embeddings", body, null, metadata);
        var (second, refusal, headers) = await fx.SendAsync(HttpMethod.Post, "/v1/embeddings", body, null, metadata);

        Assert.Equal((200, 429), (first, second));
        var metrics = await fx.ScrapeAsync();
        var labels = new[] { ("sluice_metadata_customer", customer), ("sluice_model", model), ("sluice_account", fx.Account), ("sluice_route", "embeddings") };
        Assert.Equal(1, metrics.Sum("sluice_gateway_requests_total", [.. labels, ("http_response_status_code", "200")]));
        Assert.Equal(1, metrics.Sum("sluice_gateway_requests_total", [.. labels, ("http_response_status_code", "429"), ("error_type", ErrorCode(refusal))]));
        Assert.Equal(1, metrics.Sum("sluice_gateway_limit_refusals_total", ("sluice_limit_rule", fx.LimitRule)));
        var line = await fx.Logs.WaitForAsync(e => e.Category == "Sluice.Access" && Equals(e.Fields.GetValueOrDefault("RequestId"), headers.GetValues("x-request-id").Single()));
        Assert.Equal(429, line.Fields["Status"]);
        Assert.Equal(model, line.Fields["Model"]);
    }

    private static string ErrorCode(string text)
    {
        var error = JsonDocument.Parse(text).RootElement.GetProperty("error");
        return error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String ? code.GetString()! : error.GetProperty("type").GetString()!;
    }

    private static string Chat(string model, bool stream) => JsonSerializer.Serialize(new
    {
        model,
        messages = new[] { new { role = "user", content = "refuse me" } },
        stream,
    });
}
