using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sluice.Bedrock.Emulator;
using Sluice.Gateway.Hosting;

namespace Sluice.Gateway.Tests.Telemetry;

/// <summary>
/// <c>GET /metrics</c> after known traffic (a chat, a stream, a failure, a cached call, an embedding): the
/// Prometheus text holds the exact counts, token sums, cost sums and labels of that traffic.
/// </summary>
public sealed class MetricsTests(TelemetryFixture fx) : IClassFixture<TelemetryFixture>
{
    private static readonly double[] SuggestedSeconds = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

    [Fact]
    public async Task Scrape_AfterKnownTraffic_CountsTokensCostAndLabelsExactly()
    {
        var nova = fx.Account + "/nova-lite";
        var claude = fx.Account + "/claude";
        var faulty = fx.Account + "/faulty";

        var chat = await ChatAsync(nova, "count me please", stream: false, ("x-tfy-metadata", """{"customer":"acme"}"""));
        var stream = await ChatAsync(nova, "stream me now", stream: true);
        var failure = 0;
        string? failureCode = null;
        await fx.WithFaultAsync(k => k.Fault = EmulatorFault.Throttle, async () =>
        {
            var (status, text, _) = await fx.SendAsync(HttpMethod.Post, "/v1/chat/completions", Body(faulty, "refused", stream: false));
            failure = status;
            failureCode = JsonDocument.Parse(text).RootElement.GetProperty("error").GetProperty("code").GetString();
        });
        var cacheBody = CachedBody(claude);
        var write = await UsageOfAsync(cacheBody);
        var read = await UsageOfAsync(cacheBody);

        Assert.Equal(429, failure);
        Assert.Equal(1200, write.GetProperty("prompt_tokens_details").GetProperty("cache_write_tokens").GetInt32());
        Assert.Equal(1200, read.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());

        // The stream's usage is recorded after its last byte was flushed: wait for its count before reading the rest.
        var metrics = await ScrapeUntilAsync(m => m.Sum("sluice_gateway_requests_total", ("sluice_model", nova), ("sluice_route", "chat.stream")) > 0);
        var account = ("sluice_account", fx.Account);

        Assert.Equal(1, Single(metrics, "sluice_gateway_requests_total", account, ("sluice_model", nova), ("sluice_route", "chat"),
            ("http_response_status_code", "200"), ("sluice_metadata_customer", "acme"), ("sluice_user", "dev@example.com"), ("sluice_team", "everyone")));
        Assert.Equal(1, Single(metrics, "sluice_gateway_requests_total", account, ("sluice_model", nova), ("sluice_route", "chat.stream"), ("http_response_status_code", "200")));
        Assert.Equal(1, Single(metrics, "sluice_gateway_requests_total", account, ("sluice_model", faulty), ("http_response_status_code", "429"), ("error_type", failureCode!)));
        Assert.Equal(2, Single(metrics, "sluice_gateway_requests_total", account, ("sluice_model", claude), ("http_response_status_code", "200")));

        var novaInput = chat.GetProperty("prompt_tokens").GetInt32() + stream.GetProperty("prompt_tokens").GetInt32();
        var novaOutput = chat.GetProperty("completion_tokens").GetInt32() + stream.GetProperty("completion_tokens").GetInt32();
        Assert.Equal(novaInput, metrics.Sum("sluice_gateway_tokens_total", account, ("sluice_model", nova), ("gen_ai_token_type", "input")));
        Assert.Equal(novaOutput, metrics.Sum("sluice_gateway_tokens_total", account, ("sluice_model", nova), ("gen_ai_token_type", "output")));
        Assert.Equal(1200, metrics.Sum("sluice_gateway_tokens_total", account, ("sluice_model", claude), ("gen_ai_token_type", "cache_read")));
        Assert.Equal(1200, metrics.Sum("sluice_gateway_tokens_total", account, ("sluice_model", claude), ("gen_ai_token_type", "cache_write")));
        Assert.Equal(1, Single(metrics, "sluice_gateway_time_to_first_token_seconds_count", account, ("sluice_model", nova)));

        // Cost: the same dollars the usage records hold, per model.
        var costs = await UsageCostsAsync(expectedRecords: 5);
        Assert.Equal((double)costs[nova], metrics.Sum("sluice_gateway_cost_usd_total", account, ("sluice_model", nova)), 12);
        Assert.Equal((double)costs[claude], metrics.Sum("sluice_gateway_cost_usd_total", account, ("sluice_model", claude)), 12);
        Assert.True(costs[nova] > 0 && costs[claude] > 0);
        Assert.Equal(0, metrics.Sum("sluice_gateway_cost_usd_total", account, ("sluice_model", faulty))); // refused upstream: billed nothing
        Assert.Equal(0, metrics.Sum("sluice_gateway_tokens_total", account, ("sluice_model", faulty)));
        Assert.Equal((double)(costs[nova] + costs[claude]), metrics.Sum("ai_gateway_request_cost_total", ("model_name", nova)) + metrics.Sum("ai_gateway_request_cost_total", ("model_name", claude)), 12);
        // Every answered call is timed once, under the same labels as its count.
        Assert.Equal(2, metrics.Sum("sluice_gateway_request_duration_seconds_count", account, ("sluice_model", nova)));
        Assert.Equal(2, metrics.Sum("sluice_gateway_request_duration_seconds_count", account, ("sluice_model", claude)));
        Assert.Equal(1, metrics.Sum("sluice_gateway_request_duration_seconds_count", account, ("sluice_model", faulty), ("http_response_status_code", "429")));

        // GenAI client metrics: one point per upstream attempt, told apart from other gateways by this emulator's port.
        var port = ("server_port", fx.Emulator.Port.ToString(CultureInfo.InvariantCulture));
        var novaCalls = new[] { port, ("gen_ai_request_model", "amazon.nova-lite-v1:0"), ("gen_ai_operation_name", "chat"), ("gen_ai_provider_name", "aws.bedrock"),
            ("server_address", "bedrock-runtime.us-east-1.localhost") };
        Assert.Equal(2, metrics.Sum("gen_ai_client_operation_duration_seconds_count", novaCalls));
        Assert.Equal(1, metrics.Sum("gen_ai_client_operation_duration_seconds_count", port, ("gen_ai_request_model", FaultModelId), ("error_type", failureCode!)));
        Assert.Equal(novaInput, metrics.Sum("gen_ai_client_token_usage_sum", [.. novaCalls, ("gen_ai_token_type", "input"), ("gen_ai_response_model", "amazon.nova-lite-v1:0")]));
        Assert.Equal(novaOutput, metrics.Sum("gen_ai_client_token_usage_sum", [.. novaCalls, ("gen_ai_token_type", "output")]));
        Assert.Equal(1, metrics.Sum("gen_ai_client_operation_time_to_first_chunk_seconds_count", novaCalls));
        Assert.True(metrics.Sum("gen_ai_client_operation_time_per_output_chunk_seconds_count", novaCalls) >= 1);
        var buckets = metrics.Find("gen_ai_client_operation_duration_seconds_bucket", novaCalls)
            .Select(s => s.Labels["le"]).Distinct().Where(le => le != "+Inf").Select(le => double.Parse(le, CultureInfo.InvariantCulture)).Order();
        Assert.Equal(SuggestedSeconds, buckets);

        // TrueFoundry's names, turned on for this gateway.
        Assert.Equal(2, Single(metrics, "ai_gateway_requests_total", ("model_name", nova), ("tenant_name", "sluice"), ("username", "dev@example.com")));
        Assert.Equal(1, Single(metrics, "ai_gateway_request_model_inference_failure_total", ("model_name", faulty)));
        Assert.Equal(novaInput, metrics.Sum("ai_gateway_input_tokens_total", ("model_name", nova)));

        // The account assumes a role: the Bedrock provider's own meter counted the STS call.
        Assert.True(metrics.Sum("sluice_bedrock_assume_role_refreshes_total", ("outcome", "success")) >= 1);
    }

    [Fact]
    public async Task Scrape_CallRefusedByRateLimit_CountsTheRule()
    {
        var body = JsonSerializer.Serialize(new { model = fx.Account + "/titan-embed", input = "limited" });

        var (first, _, _) = await fx.SendAsync(HttpMethod.Post, "/v1/embeddings", body);
        var (second, refusal, _) = await fx.SendAsync(HttpMethod.Post, "/v1/embeddings", body);

        Assert.Equal((200, 429), (first, second));
        Assert.Contains(fx.LimitRule, refusal, StringComparison.Ordinal);
        var metrics = await fx.ScrapeAsync();
        Assert.Equal(1, Single(metrics, "sluice_gateway_limit_refusals_total", ("sluice_limit_kind", "rate_limit"), ("sluice_limit_rule", fx.LimitRule)));
    }

    [Theory]
    [InlineData("127.0.0.1", null, false, null, 200)]
    [InlineData("::1", null, false, null, 200)]
    [InlineData("10.1.2.3", null, false, null, 403)]
    [InlineData("10.1.2.3", null, true, null, 200)]
    [InlineData("10.1.2.3", "s3cret", false, null, 401)]
    [InlineData("10.1.2.3", "s3cret", false, "Bearer wrong", 401)]
    [InlineData("10.1.2.3", "s3cret", false, "Bearer s3cret", 200)]
    public void Authorize_Caller_LoopbackFreeOthersNeedTokenOrPublic(string remote, string? token, bool isPublic, string? authorization, int expected)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        if (authorization is not null) context.Request.Headers.Authorization = authorization;

        var status = TelemetryHosting.Authorize(context, isPublic, token is null ? null : Encoding.UTF8.GetBytes("Bearer " + token));

        Assert.Equal(expected, status);
    }

    private const string FaultModelId = TelemetryFixture.FaultModel;

    private static double Single(PrometheusText metrics, string name, params (string, string)[] labels)
    {
        var found = metrics.Find(name, labels);
        Assert.True(found.Count == 1, $"{found.Count} samples of {name} with {string.Join(",", labels)}; there are: " +
            string.Join("; ", metrics.Samples.Where(s => s.Name == name).Select(s => string.Join(",", s.Labels.Select(l => l.Key + "=" + l.Value)) + " " + s.Value)));
        return found[0].Value;
    }

    private async Task<PrometheusText> ScrapeUntilAsync(Func<PrometheusText, bool> ready)
    {
        for (var i = 0; ; i++)
        {
            var metrics = await fx.ScrapeAsync();
            if (ready(metrics) || i == 100) return metrics;
            await Task.Delay(50);
        }
    }

    private async Task<JsonElement> ChatAsync(string model, string text, bool stream, params (string, string)[] headers)
    {
        var (status, body, _) = await fx.SendAsync(HttpMethod.Post, "/v1/chat/completions", Body(model, text, stream), null, headers);
        Assert.True(status == 200, body);
        if (!stream) return JsonDocument.Parse(body).RootElement.GetProperty("usage").Clone();
        var usage = body.Split('\n').Where(l => l.StartsWith("data: {", StringComparison.Ordinal)).Select(l => JsonDocument.Parse(l[6..]).RootElement)
            .Last(e => e.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object);
        return usage.GetProperty("usage").Clone();
    }

    private async Task<JsonElement> UsageOfAsync(string body)
    {
        var (status, text, _) = await fx.SendAsync(HttpMethod.Post, "/v1/chat/completions", body);
        Assert.True(status == 200, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("usage").Clone();
    }

    private async Task<Dictionary<string, decimal>> UsageCostsAsync(int expectedRecords)
    {
        for (var i = 0; ; i++)
        {
            var (_, text, _) = await fx.SendAsync(HttpMethod.Get, "/api/v1/usage?limit=500", null, fx.AdminToken);
            var rows = JsonDocument.Parse(text).RootElement.GetProperty("data").EnumerateArray()
                .Where(r => r.GetProperty("model").GetString()!.StartsWith(fx.Account + "/", StringComparison.Ordinal)).ToList();
            if (rows.Count >= expectedRecords || i == 100)
            {
                return rows.GroupBy(r => r.GetProperty("model").GetString()!)
                    .ToDictionary(g => g.Key, g => g.Sum(r => r.GetProperty("cost_usd").ValueKind == JsonValueKind.Number ? r.GetProperty("cost_usd").GetDecimal() : 0m));
            }

            await Task.Delay(100);
        }
    }

    private static string Body(string model, string text, bool stream) => JsonSerializer.Serialize(new
    {
        model,
        messages = new[] { new { role = "user", content = text } },
        stream,
        stream_options = stream ? new { include_usage = true } : null,
    });

    private static string CachedBody(string model)
    {
        var system = string.Join(' ', Enumerable.Range(0, 1200).Select(i => "metrics" + i));
        return $$$"""
            {"model":"{{{model}}}","messages":[
              {"role":"system","content":[{"type":"text","text":"{{{system}}}","cache_control":{"type":"ephemeral"}}]},
              {"role":"user","content":"what is cached"}]}
            """;
    }
}
