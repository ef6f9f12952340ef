using System.Diagnostics;
using System.Text.Json;
using Sluice.Bedrock.Emulator;

namespace Sluice.Gateway.Tests.Telemetry;

/// <summary>
/// Traces exported in process: one SERVER span per request under the caller's <c>traceparent</c>, one CLIENT span per
/// upstream attempt named <c>{operation} {model}</c> with the GenAI attributes, retries and fallbacks as siblings.
/// </summary>
public sealed class TracesTests(TelemetryFixture fx) : IClassFixture<TelemetryFixture>
{
    [Fact]
    public async Task Chat_WithTraceparent_ServerSpanUnderCallerAndClientSpanWithGenAiAttributes()
    {
        var (trace, parent, traceparent) = NewTraceparent();

        var (status, text, headers) = await fx.SendAsync(HttpMethod.Post, "/v1/chat/completions", Body(fx.Account + "/nova-lite", "trace this chat", false), null,
            ("traceparent", traceparent));

        Assert.True(status == 200, text);
        Assert.Equal(trace.ToHexString(), headers.GetValues("x-sluice-trace-id").Single());
        var usage = JsonDocument.Parse(text).RootElement.GetProperty("usage");
        var spans = await fx.Spans.WaitForTraceAsync(trace, s => s.Any(a => a.Kind == ActivityKind.Server) && s.Any(IsGenAi));
        var server = Assert.Single(spans, a => a.Kind == ActivityKind.Server);
        var client = Assert.Single(spans, IsGenAi);
        Assert.Equal(parent, server.ParentSpanId);
        Assert.Equal(headers.GetValues("x-request-id").Single(), server.GetTagItem("sluice.request_id"));
        Assert.Equal("chat amazon.nova-lite-v1:0", client.DisplayName);
        Assert.Equal(server.SpanId, client.ParentSpanId);
        Assert.Equal("chat", client.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("aws.bedrock", client.GetTagItem("gen_ai.provider.name"));
        Assert.Equal("amazon.nova-lite-v1:0", client.GetTagItem("gen_ai.request.model"));
        Assert.Equal("amazon.nova-lite-v1:0", client.GetTagItem("gen_ai.response.model"));
        Assert.Equal("bedrock-runtime.us-east-1.localhost", client.GetTagItem("server.address"));
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32(), client.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(usage.GetProperty("completion_tokens").GetInt32(), client.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.Equal(["stop"], (string[])client.GetTagItem("gen_ai.response.finish_reasons")!);
        Assert.Contains("trace this chat", (string)client.GetTagItem("gen_ai.input.messages")!); // content capture is on in this fixture
    }

    [Fact]
    public async Task Messages_WithTraceparent_TraceIdBesideRequestIdAndClientSpanUnderServer()
    {
        var (trace, parent, traceparent) = NewTraceparent();
        var body = JsonSerializer.Serialize(new { model = fx.Account + "/claude", max_tokens = 20, messages = new[] { new { role = "user", content = "trace this message" } } });

        var (status, text, headers) = await fx.SendAsync(HttpMethod.Post, "/v1/messages", body, null, ("traceparent", traceparent));

        Assert.True(status == 200, text);
        Assert.Equal(trace.ToHexString(), headers.GetValues("x-sluice-trace-id").Single());
        var spans = await fx.Spans.WaitForTraceAsync(trace, s => s.Any(a => a.Kind == ActivityKind.Server) && s.Any(IsGenAi));
        var server = Assert.Single(spans, a => a.Kind == ActivityKind.Server);
        var client = Assert.Single(spans, IsGenAi);
        Assert.Equal(parent, server.ParentSpanId);
        Assert.Equal(server.SpanId, client.ParentSpanId);
        Assert.Equal("chat us.anthropic.claude-3-7-sonnet-20250219-v1:0", client.DisplayName);
        var usage = JsonDocument.Parse(text).RootElement.GetProperty("usage");
        Assert.Equal(usage.GetProperty("output_tokens").GetInt32(), client.GetTagItem("gen_ai.usage.output_tokens"));
    }

    [Fact]
    public async Task Stream_Traced_ClientSpanCarriesTimeToFirstChunkAndUsage()
    {
        var (trace, _, traceparent) = NewTraceparent();

        var (status, text, _) = await fx.SendAsync(HttpMethod.Post, "/v1/chat/completions", Body(fx.Account + "/nova-lite", "trace this stream", true), null,
            ("traceparent", traceparent));

        Assert.True(status == 200, text);
        var spans = await fx.Spans.WaitForTraceAsync(trace, s => s.Any(a => a.Kind == ActivityKind.Server) && s.Any(IsGenAi));
        var server = Assert.Single(spans, a => a.Kind == ActivityKind.Server);
        var client = Assert.Single(spans, IsGenAi);
        Assert.Equal(server.SpanId, client.ParentSpanId);
        Assert.Equal("chat amazon.nova-lite-v1:0", client.DisplayName);
        Assert.Equal(true, client.GetTagItem("gen_ai.request.stream"));
        Assert.True((double)client.GetTagItem("gen_ai.response.time_to_first_chunk")! > 0);
        Assert.True((int)client.GetTagItem("gen_ai.usage.output_tokens")! > 0);
        Assert.Equal(ActivityStatusCode.Unset, client.Status);
    }

    [Fact]
    public async Task Embedding_Traced_ClientSpanNamedEmbeddingsWithInputTokens()
    {
        var (trace, _, traceparent) = NewTraceparent();
        var body = JsonSerializer.Serialize(new { model = fx.Account + "/titan-embed", input = "embed this" });

        var (status, text, _) = await fx.SendAsync(HttpMethod.Post, "/v1/embeddings", body, null, ("traceparent", traceparent));

        Assert.True(status == 200, text);
        var spans = await fx.Spans.WaitForTraceAsync(trace, s => s.Any(a => a.Kind == ActivityKind.Server) && s.Any(IsGenAi));
        var client = Assert.Single(spans, IsGenAi);
        Assert.Equal("embeddings amazon.titan-embed-text-v2:0", client.DisplayName);
        Assert.Equal("embeddings", client.GetTagItem("gen_ai.operation.name"));
        Assert.Equal(JsonDocument.Parse(text).RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt32(), client.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Null(client.GetTagItem("gen_ai.usage.output_tokens"));
    }

    [Fact]
    public async Task Chat_RetriedThenFellBack_AttemptsAreSiblingClientSpans()
    {
        var (trace, _, traceparent) = NewTraceparent();

        await fx.WithFaultAsync(k => k.Fault = EmulatorFault.Throttle, async () =>
        {
            var (status, text, _) = await fx.SendAsync(HttpMethod.Post, "/v1/chat/completions", Body(fx.Group + "/retry", "retry then fall back", false), null,
                ("traceparent", traceparent));
            Assert.True(status == 200, text);
        });

        var spans = await fx.Spans.WaitForTraceAsync(trace, s => s.Any(a => a.Kind == ActivityKind.Server) && s.Count(IsGenAi) == 3);
        var server = Assert.Single(spans, a => a.Kind == ActivityKind.Server);
        var attempts = spans.Where(IsGenAi).OrderBy(a => a.StartTimeUtc).ToList();
        Assert.All(attempts, a => Assert.Equal(server.SpanId, a.ParentSpanId));
        Assert.Equal(["chat amazon.nova-pro-v1:0", "chat amazon.nova-pro-v1:0", "chat amazon.nova-lite-v1:0"], attempts.Select(a => a.DisplayName));
        Assert.Equal([ActivityStatusCode.Error, ActivityStatusCode.Error, ActivityStatusCode.Unset], attempts.Select(a => a.Status));
        Assert.NotNull(attempts[0].GetTagItem("error.type"));

        var metrics = await fx.ScrapeAsync();
        var vm = fx.Group + "/retry";
        var target = ("sluice_target", fx.Account + "/faulty");
        Assert.Equal(1, metrics.Sum("sluice_gateway_routing_retries_total", ("sluice_model", vm), target));
        Assert.Equal(1, metrics.Sum("sluice_gateway_routing_fallbacks_total", ("sluice_model", vm), target));
        Assert.Equal(1, metrics.Sum("ai_gateway_load_balanced_requests_total", ("model_name", vm)));
    }

    private static bool IsGenAi(Activity a) => a.Kind == ActivityKind.Client && a.Source.Name == "Sluice.Gateway";

    private static (ActivityTraceId Trace, ActivitySpanId Parent, string Header) NewTraceparent()
    {
        var trace = ActivityTraceId.CreateRandom();
        var parent = ActivitySpanId.CreateRandom();
        return (trace, parent, $"00-{trace.ToHexString()}-{parent.ToHexString()}-01");
    }

    private static string Body(string model, string text, bool stream) => JsonSerializer.Serialize(new
    {
        model,
        messages = new[] { new { role = "user", content = text } },
        stream,
        stream_options = stream ? new { include_usage = true } : null,
    });
}
