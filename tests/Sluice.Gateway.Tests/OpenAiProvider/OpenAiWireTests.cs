using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using Sluice.Core.Chat;
using Sluice.Core.Errors;
using Sluice.Core.Routing;
using Sluice.OpenAI.Chat;
using Sluice.OpenAI.Client;
using Sluice.OpenAI.Errors;
using Sluice.OpenAI.Sse;

namespace Sluice.Gateway.Tests.OpenAiProvider;

/// <summary>What goes on the wire to OpenAI, and how its SSE framing and errors are read.</summary>
public sealed class OpenAiWireTests
{
    [Fact]
    public void Passthrough_StreamWithOverrides_ReplacesModelForcesUsageAndKeepsEverythingElse()
    {
        var body = """{"model":"acct/m","messages":[{"role":"user","content":"hi"}],"max_tokens":10,"temperature":1.5,"stream_options":{"include_usage":false,"x":1},"drop_params":true,"seed":4}""";
        var output = new ArrayBufferWriter<byte>();

        PassthroughRequestWriter.Write(new ChatPassthrough(Encoding.UTF8.GetBytes(body), new RequestOverrides(Temperature: 0.5f, MaxTokens: 99)),
            stream: true, "gpt-4o", legacyMaxTokens: false, output);

        var sent = JsonNode.Parse(output.WrittenSpan)!.AsObject();
        Assert.Equal("gpt-4o", sent["model"]!.GetValue<string>());
        Assert.Equal(99, sent["max_tokens"]!.GetValue<int>());
        Assert.False(sent.ContainsKey("max_completion_tokens"));
        Assert.Equal(0.5, sent["temperature"]!.GetValue<double>());
        Assert.True(sent["stream_options"]!["include_usage"]!.GetValue<bool>());
        Assert.Equal(1, sent["stream_options"]!["x"]!.GetValue<int>());
        Assert.False(sent.ContainsKey("drop_params"));
        Assert.Equal(4, sent["seed"]!.GetValue<int>());
        Assert.Equal("hi", sent["messages"]![0]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task SseReader_CrLfCommentsAndMultiLineData_FramesEvents()
    {
        var text = ": keep-alive\r\nevent: one\r\ndata: {\"a\":\r\ndata: 1}\r\n\r\ndata: [DONE]\n\n";
        await using var reader = new SseReader(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        var events = new List<(string? Name, string Data)>();

        await foreach (var e in reader.ReadEventsAsync(CancellationToken.None)) events.Add((e.Name, Encoding.UTF8.GetString(e.Data.Span)));

        Assert.Equal([("one", "{\"a\":\n1}"), (null, "[DONE]")], events);
    }

    [Fact]
    public void ChunkTranslator_ErrorEvent_ThrowsTheUpstreamError()
    {
        var state = new ChatStreamState(null, callerWantsUsage: false);
        var chunk = """{"error":{"message":"boom","type":"server_error","param":null,"code":null}}"""u8.ToArray();

        var e = Assert.Throws<OpenAiApiException>(() => ChatStreamTranslator.FromChatCompletionChunk(chunk, state, []));

        Assert.Equal("boom", e.Message);
        Assert.Equal("server_error", e.Type);
    }

    [Fact]
    public void ChunkTranslator_PassthroughUsageChunkNotAsked_OnlyUsageReported()
    {
        var state = new ChatStreamState("acct/m", callerWantsUsage: false);
        var updates = new List<ChatStreamUpdate>();

        ChatStreamTranslator.FromChatCompletionChunk("""{"id":"c","model":"gpt-4o-2024","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2}}"""u8, state, updates);

        var update = Assert.Single(updates);
        Assert.Equal(ChatStreamUpdateKind.Usage, update.Kind);
        Assert.Equal(2, update.Usage!.CompletionTokens);
    }

    [Theory]
    [InlineData(401, null, "invalid_api_key", 502)]
    [InlineData(404, "invalid_request_error", "model_not_found", 404)]
    [InlineData(429, "insufficient_quota", "insufficient_quota", 429)]
    [InlineData(503, null, null, 503)]
    [InlineData(500, "server_error", null, 502)]
    public void ErrorMapper_UpstreamStatus_GatewayStatus(int upstream, string? type, string? code, int expected)
    {
        var endpoint = new OpenAiEndpoint(new OpenAiAccountSettings("http://127.0.0.1:9/v1", "sk-x"));

        var error = OpenAiErrorMapper.ToGatewayError(new OpenAiApiException(upstream, type, code, "said"), endpoint, "gpt-4o");

        Assert.Equal(expected, error.Status);
        Assert.Equal(upstream is 500 or 503, error.Retryable);
        Assert.Equal("openai:127.0.0.1:9", error.Upstream);
    }

    [Fact]
    public void ErrorMapper_RateLimitWithoutHint_RetryableWithDefaultWait()
    {
        var endpoint = new OpenAiEndpoint(new OpenAiAccountSettings(null, "sk-x"));

        var error = OpenAiErrorMapper.ToGatewayError(new OpenAiApiException(429, "requests", "rate_limit_exceeded", "slow down"), endpoint, "gpt-4o");

        Assert.Equal((429, ErrorTypes.RateLimit, true), (error.Status, error.Type, error.Retryable));
        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
        Assert.Equal("openai:api.openai.com", error.Upstream);
    }
}
