using System.Diagnostics;
using System.Text.Json;

namespace Sluice.Gateway.Tests.Telemetry.Otlp;

/// <summary>
/// Traces as a Collector receives them from <c>sluice serve</c> over OTLP: one SERVER span per request under the
/// caller's <c>traceparent</c>, one CLIENT span per upstream attempt named <c>{operation} {model}</c> with the GenAI
/// attributes, the HTTP call to Bedrock below it, retries and fallbacks as sibling attempts.
/// </summary>
public abstract class OtlpTraceTests(OtlpGatewayFixture fx)
{
    private const string Nova = "amazon.nova-lite-v1:0";

    [Fact]
    public async Task Chat_ExportedOverOtlp_ServerSpanUnderTraceparentAndClientSpanWithGenAiAttributes()
    {
        var (trace, parent, traceparent) = NewTraceparent();

        var (status, text, headers) = await fx.PostAsync("/v1/chat/completions", Chat(OtlpGatewayFixture.Account + "/nova-lite", "trace me over otlp", false), traceparent);

        Assert.True(status == 200, text);
        Assert.Equal(trace, headers.GetValues("x-sluice-trace-id").Single());
        var usage = JsonDocument.Parse(text).RootElement.GetProperty("usage");
        var spans = await fx.Receiver.WaitForTraceAsync(trace, s => s.Any(IsServer) && s.Any(IsGenAi) && s.Any(IsHttpClient));
        var server = Assert.Single(spans, IsServer);
        var client = Assert.Single(spans, IsGenAi);
        var bedrock = Assert.Single(spans, IsHttpClient);
        Assert.All(spans, s => Assert.Equal(OtlpGatewayFixture.ServiceName, s.ServiceName));
        Assert.All(fx.Receiver.Requests, r => Assert.Equal(fx.ReceivedAs, r)); // the protocol OTEL_EXPORTER_OTLP_PROTOCOL named
        Assert.Equal("POST /v1/chat/completions", server.Name);
        Assert.Equal(parent, server.ParentSpanId);
        Assert.Equal(headers.GetValues("x-request-id").Single(), server["sluice.request_id"]);
        Assert.Equal(200L, server["http.response.status_code"]);

        Assert.Equal($"chat {Nova}", client.Name);
        Assert.Equal(server.SpanId, client.ParentSpanId);
        Assert.Equal(OtlpStatusCode.Unset, client.Status);
        Assert.Equal("chat", client["gen_ai.operation.name"]);
        Assert.Equal("aws.bedrock", client["gen_ai.provider.name"]);
        Assert.Equal(Nova, client["gen_ai.request.model"]);
        Assert.Equal(Nova, client["gen_ai.response.model"]);
        Assert.Equal("bedrock-runtime.us-east-1.localhost", client["server.address"]);
        Assert.Equal((long)fx.Emulator.Port, client["server.port"]);
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt64(), client["gen_ai.usage.input_tokens"]);
        Assert.Equal(usage.GetProperty("completion_tokens").GetInt64(), client["gen_ai.usage.output_tokens"]);
        Assert.Equal(["stop"], (object[])client["gen_ai.response.finish_reasons"]!);
        Assert.Null(client["gen_ai.input.messages"]); // message content is recorded only when opted in

        // The HTTP call to Bedrock is a child of the attempt.
        Assert.Equal(client.SpanId, bedrock.ParentSpanId);
        Assert.Equal("POST", bedrock.Name);
    }

    [Fact]
    public async Task Stream_ExportedOverOtlp_ClientSpanCarriesTimeToFirstChunkAndUsage()
    {
        var (trace, _, traceparent) = NewTraceparent();

        var (status, text, _) = await fx.PostAsync("/v1/chat/completions", Chat(OtlpGatewayFixture.Account + "/nova-lite", "stream me over otlp", true), traceparent);

        Assert.True(status == 200, text);
        var usage = text.Split('\n').Where(l => l.StartsWith("data: {", StringComparison.Ordinal)).Select(l => JsonDocument.Parse(l[6..]).RootElement)
            .Last(e => e.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object).GetProperty("usage");
        var spans = await fx.Receiver.WaitForTraceAsync(trace, s => s.Any(IsServer) && s.Any(IsGenAi));
        var server = Assert.Single(spans, IsServer);
        var client = Assert.Single(spans, IsGenAi);
        Assert.Equal(server.SpanId, client.ParentSpanId);
        Assert.Equal($"chat {Nova}", client.Name);
        Assert.Equal(true, client["gen_ai.request.stream"]);
        Assert.True((double)client["gen_ai.response.time_to_first_chunk"]! > 0);
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt64(), client["gen_ai.usage.input_tokens"]);
        Assert.Equal(usage.GetProperty("completion_tokens").GetInt64(), client["gen_ai.usage.output_tokens"]);
        Assert.Equal(OtlpStatusCode.Unset, client.Status);
    }

    [Fact]
    public async Task Embedding_ExportedOverOtlp_ClientSpanNamedEmbeddingsWithInputTokens()
    {
        var (trace, _, traceparent) = NewTraceparent();
        var body = JsonSerializer.Serialize(new { model = OtlpGatewayFixture.Account + "/titan-embed", input = "embed me over otlp" });

        var (status, text, _) = await fx.PostAsync("/v1/embeddings", body, traceparent);

        Assert.True(status == 200, text);
        var spans = await fx.Receiver.WaitForTraceAsync(trace, s => s.Any(IsServer) && s.Any(IsGenAi));
        var server = Assert.Single(spans, IsServer);
        var client = Assert.Single(spans, IsGenAi);
        Assert.Equal("POST /v1/embeddings", server.Name);
        Assert.Equal(server.SpanId, client.ParentSpanId);
        Assert.Equal("embeddings amazon.titan-embed-text-v2:0", client.Name);
        Assert.Equal("embeddings", client["gen_ai.operation.name"]);
        Assert.Equal(JsonDocument.Parse(text).RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt64(), client["gen_ai.usage.input_tokens"]);
        Assert.Null(client["gen_ai.usage.output_tokens"]);
    }

    [Fact]
    public async Task Chat_RetriedThenFellBack_AttemptsExportedAsSiblingClientSpans()
    {
        var (trace, _, traceparent) = NewTraceparent();

        await fx.WithThrottledFaultModelAsync(async () =>
        {
            var (status, text, _) = await fx.PostAsync("/v1/chat/completions", Chat(OtlpGatewayFixture.Account + "-vm/retry", "retry me over otlp", false), traceparent);
            Assert.True(status == 200, text);
        });

        var spans = await fx.Receiver.WaitForTraceAsync(trace, s => s.Any(IsServer) && s.Count(IsGenAi) == 3);
        var server = Assert.Single(spans, IsServer);
        var attempts = spans.Where(IsGenAi).ToList();
        Assert.Equal(3, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(server.SpanId, a.ParentSpanId));
        Assert.Equal(3, attempts.Select(a => a.SpanId).Distinct().Count());
        var failed = attempts.Where(a => a.Status == OtlpStatusCode.Error).ToList();
        Assert.Equal(2, failed.Count);
        Assert.All(failed, a => Assert.Equal($"chat {OtlpGatewayFixture.FaultModel}", a.Name));
        Assert.All(failed, a => Assert.Equal("ThrottlingException", a["error.type"]));
        var served = Assert.Single(attempts, a => a.Status == OtlpStatusCode.Unset);
        Assert.Equal($"chat {Nova}", served.Name);
        Assert.Equal(Nova, served["gen_ai.response.model"]);
        // Each attempt has its own HTTP call to Bedrock below it.
        Assert.All(attempts, a => Assert.Single(spans, s => IsHttpClient(s) && s.ParentSpanId == a.SpanId));
    }

    private static bool IsServer(OtlpSpan s) => s.Kind == OtlpSpanKind.Server;

    private static bool IsGenAi(OtlpSpan s) => s.Kind == OtlpSpanKind.Client && s.Scope == "Sluice.Gateway";

    private static bool IsHttpClient(OtlpSpan s) => s.Kind == OtlpSpanKind.Client && s.Scope == "System.Net.Http";

    private static (string Trace, string Parent, string Header) NewTraceparent()
    {
        var trace = ActivityTraceId.CreateRandom().ToHexString();
        var parent = ActivitySpanId.CreateRandom().ToHexString();
        return (trace, parent, $"00-{trace}-{parent}-01");
    }

    private static string Chat(string model, string text, bool stream) => JsonSerializer.Serialize(new
    {
        model,
        messages = new[] { new { role = "user", content = text } },
        stream,
        stream_options = stream ? new { include_usage = true } : null,
    });
}
