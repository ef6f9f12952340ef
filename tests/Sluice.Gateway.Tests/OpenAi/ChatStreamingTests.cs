using Sluice.Core.Pricing;
using System.ClientModel;
using System.Net;
using System.Text;
using OpenAI.Chat;
using Sluice.Core.Chat;
using Sluice.Core.Errors;
using Sluice.Gateway.Tests.OpenAi.TestHost;
using CoreFinish = Sluice.Core.Chat.FinishReason;
using CoreUsage = Sluice.Core.Chat.Usage;

namespace Sluice.Gateway.Tests.OpenAi;

public sealed class ChatStreamingTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task StreamChat_TextDeltas_ArriveOneByOneBeforeTheUpstreamFinishes()
    {
        var upstream = UseScriptedStream();
        upstream.Push(ChatStreamUpdate.TextDelta("Hel"));
        await using var updates = _gateway.Chat().CompleteChatStreamingAsync([new UserChatMessage("Say hello")]).GetAsyncEnumerator();

        // The upstream has not finished: the client can only see "Hel" if the gateway flushed it already.
        Assert.Equal("Hel", await NextTextAsync(updates));
        upstream.Push(ChatStreamUpdate.TextDelta("lo"));
        Assert.Equal("lo", await NextTextAsync(updates));
        upstream.Push(ChatStreamUpdate.Finish(CoreFinish.Stop));
        upstream.Push(ChatStreamUpdate.UsageReport(new CoreUsage(11, 2)));
        upstream.Complete();

        var rest = await DrainAsync(updates);
        Assert.Contains(rest, u => u.FinishReason == ChatFinishReason.Stop);
        var usage = Assert.Single(rest, u => u.Usage is not null).Usage;
        Assert.Equal((11, 2, 13), (usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount));
        Assert.True(_gateway.Provider.LastChat!.Stream);
        Assert.True(_gateway.Provider.LastChat!.IncludeUsage);
        Assert.True(upstream.Disposed);
    }

    [Fact]
    public async Task StreamChat_TwoParallelToolCallsWithSplitArguments_SdkReassemblesBoth()
    {
        // Provider indexes are content-block numbers (1 and 2); OpenAI clients expect 0 and 1.
        UseScriptedStream(
            ChatStreamUpdate.TextDelta("Checking."),
            ChatStreamUpdate.ToolCallStart(1, "call_a", "get_weather"),
            ChatStreamUpdate.ToolCallStart(2, "call_b", "get_time"),
            ChatStreamUpdate.ToolCallArguments(1, """{"ci"""),
            ChatStreamUpdate.ToolCallArguments(2, """{"tz":"""),
            ChatStreamUpdate.ToolCallArguments(1, """ty":"Oslo"}"""),
            ChatStreamUpdate.ToolCallArguments(2, "\"UTC\"}"),
            ChatStreamUpdate.Finish(CoreFinish.ToolCalls),
            ChatStreamUpdate.UsageReport(new CoreUsage(40, 20)));
        var options = new ChatCompletionOptions { Tools = { ChatCompletionsTests.WeatherTool(), ChatTool.CreateFunctionTool("get_time") } };

        var ids = new Dictionary<int, string>();
        var names = new Dictionary<int, string>();
        var arguments = new Dictionary<int, StringBuilder>();
        ChatFinishReason? finish = null;
        await foreach (var update in _gateway.Chat().CompleteChatStreamingAsync([new UserChatMessage("Weather and time?")], options))
        {
            finish ??= update.FinishReason;
            foreach (var call in update.ToolCallUpdates)
            {
                if (call.ToolCallId is not null) ids[call.Index] = call.ToolCallId;
                if (call.FunctionName is not null) names[call.Index] = call.FunctionName;
                if (call.FunctionArgumentsUpdate is { } delta && !delta.ToMemory().IsEmpty)
                    (arguments.TryGetValue(call.Index, out var sb) ? sb : arguments[call.Index] = new StringBuilder()).Append(delta.ToString());
            }
        }

        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        Assert.Equal(("call_a", "get_weather", """{"city":"Oslo"}"""), (ids[0], names[0], arguments[0].ToString()));
        Assert.Equal(("call_b", "get_time", """{"tz":"UTC"}"""), (ids[1], names[1], arguments[1].ToString()));
    }

    [Fact]
    public async Task StreamChat_JsonSchemaFormat_IsPassedToProviderWhileStreaming()
    {
        UseScriptedStream(ChatStreamUpdate.TextDelta("""{"answer":"42"}"""), ChatStreamUpdate.Finish(CoreFinish.Stop));
        var schema = BinaryData.FromString("""{"type":"object","properties":{"answer":{"type":"string"}}}""");
        var options = new ChatCompletionOptions { ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("answer", schema) };

        var text = new StringBuilder();
        await foreach (var update in _gateway.Chat().CompleteChatStreamingAsync([new UserChatMessage("JSON please")], options))
        {
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
        }

        Assert.Equal("""{"answer":"42"}""", text.ToString());
        var sent = _gateway.Provider.LastChat!;
        Assert.True(sent.Stream);
        Assert.Equal((ResponseFormatKind.JsonSchema, "answer"), (sent.ResponseFormat!.Kind, sent.ResponseFormat.SchemaName));
    }

    [Fact]
    public async Task StreamChat_WithoutIncludeUsage_SendsNoUsageChunkButEndsWithDone()
    {
        UseScriptedStream(ChatStreamUpdate.TextDelta("Hi"), ChatStreamUpdate.Finish(CoreFinish.Stop), ChatStreamUpdate.UsageReport(new CoreUsage(3, 1)));

        using var response = await _gateway.PostAsync("/v1/chat/completions", """{"model":"acme/chat","stream":true,"messages":[{"role":"user","content":"hi"}]}""");
        var sse = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl!.ToString());
        Assert.DoesNotContain("\"usage\"", sse);
        Assert.Contains("\"delta\":{\"role\":\"assistant\"", sse);
        Assert.Contains("\"finish_reason\":\"stop\"", sse);
        Assert.EndsWith("data: [DONE]\n\n", sse);
    }

    [Fact]
    public async Task StreamChat_IncludeUsage_LastChunkHasEmptyChoicesAndUsage()
    {
        UseScriptedStream(ChatStreamUpdate.TextDelta("Hi"), ChatStreamUpdate.UsageReport(new CoreUsage(9, 4, CachedTokens: 5)), ChatStreamUpdate.Finish(CoreFinish.Length));

        using var response = await _gateway.PostAsync("/v1/chat/completions",
            """{"model":"acme/chat","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}""");
        var events = DataLines(await response.Content.ReadAsStringAsync());

        Assert.Equal("[DONE]", events[^1]);
        var usageChunk = System.Text.Json.JsonDocument.Parse(events[^2]).RootElement;
        Assert.Equal(0, usageChunk.GetProperty("choices").GetArrayLength());
        Assert.Equal(9, usageChunk.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(13, usageChunk.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.Equal(5, usageChunk.GetProperty("usage").GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
        Assert.Contains("\"finish_reason\":\"length\"", events[^3]);
        Assert.Single(events, e => e.Contains("\"usage\""));
    }

    [Fact]
    public async Task StreamChat_Reasoning_IsStreamedAsReasoningContentAndSignature()
    {
        UseScriptedStream(
            ChatStreamUpdate.ReasoningDelta("Let me think."),
            ChatStreamUpdate.ReasoningSignatureDelta("sig-abc"),
            ChatStreamUpdate.TextDelta("42"),
            ChatStreamUpdate.Finish(CoreFinish.Stop));

        using var response = await _gateway.PostAsync("/v1/chat/completions",
            """{"model":"acme/chat","stream":true,"reasoning_effort":"minimal","messages":[{"role":"user","content":"?"}]}""");
        var sse = await response.Content.ReadAsStringAsync();

        Assert.Contains("\"delta\":{\"reasoning_content\":\"Let me think.\"}", sse);
        Assert.Contains("\"delta\":{\"reasoning_signature\":\"sig-abc\"}", sse);
        Assert.Equal("low", _gateway.Provider.LastChat!.ReasoningEffort);
    }

    [Fact]
    public async Task StreamChat_UpstreamFailsMidStream_ClientGetsSseErrorEventAndNoDone()
    {
        var upstream = UseScriptedStream();
        upstream.Push(ChatStreamUpdate.TextDelta("Partial"));
        using var response = await _gateway.PostAsync("/v1/chat/completions",
            """{"model":"acme/chat","stream":true,"messages":[{"role":"user","content":"hi"}]}""", completion: HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var requestId = response.Headers.GetValues("x-request-id").Single();
        upstream.Fail(new GatewayException(new GatewayError(429, ErrorTypes.RateLimit, "ThrottlingException", "Too many tokens, please wait.", Retryable: true)));

        var sse = await response.Content.ReadAsStringAsync();

        Assert.Contains("Partial", sse);
        Assert.Contains("event: error\ndata: {\"error\":{\"message\":\"Too many tokens, please wait.\",\"type\":\"rate_limit_error\",\"param\":null,\"code\":\"ThrottlingException\"}}\n\n", sse);
        Assert.DoesNotContain("[DONE]", sse);
        Assert.DoesNotContain("\"finish_reason\":\"stop\"", sse);
        var record = await _gateway.Usage.SingleForAsync(requestId);
        Assert.Equal(("chat.stream", 429, "ThrottlingException"), (record.Operation, record.Status, record.ErrorCode));
    }

    [Fact]
    public async Task StreamChat_UpstreamRejectsBeforeStreaming_ClientGetsJsonErrorWithRetryAfter()
    {
        _gateway.Provider.OnStream = (_, _) => throw new GatewayException(new GatewayError(429, ErrorTypes.RateLimit, "ThrottlingException",
            "Rate exceeded.", Retryable: true, RetryAfter: TimeSpan.FromSeconds(7)));

        var error = await Assert.ThrowsAsync<ClientResultException>(async () =>
        {
            await foreach (var _ in _gateway.Chat().CompleteChatStreamingAsync([new UserChatMessage("hi")])) { }
        });

        Assert.Equal(429, error.Status);
        var raw = error.GetRawResponse()!;
        Assert.True(raw.Headers.TryGetValue("Retry-After", out var retryAfter));
        Assert.Equal("7", retryAfter);
        Assert.Contains("application/json", raw.Headers.TryGetValue("Content-Type", out var type) ? type : "");
        Assert.Contains("Rate exceeded.", raw.Content.ToString());
    }

    [Fact]
    public async Task StreamChat_FirstReadFails_ClientGetsJsonErrorNotAnEmptyStream()
    {
        var upstream = UseScriptedStream();
        upstream.Fail(new GatewayException(new GatewayError(400, ErrorTypes.InvalidRequest, "ValidationException", "Bad input.")));

        using var response = await _gateway.PostAsync("/v1/chat/completions", """{"model":"acme/chat","stream":true,"messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("ValidationException", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task StreamChat_ClientDisconnects_UpstreamIsCancelledAndUsageRecorded()
    {
        var upstream = UseScriptedStream();
        upstream.Push(ChatStreamUpdate.TextDelta("First"));
        upstream.Push(ChatStreamUpdate.UsageReport(new CoreUsage(25, 1)));
        string requestId;
        using (var client = _gateway.NewClientOnOwnConnection())
        {
            using var response = await _gateway.SendAsAliceAsync(client, "/v1/chat/completions",
                """{"model":"acme/chat","stream":true,"messages":[{"role":"user","content":"hi"}]}""");
            requestId = response.Headers.GetValues("x-request-id").Single();
            Assert.Equal("acme/chat", response.Headers.GetValues("x-sluice-model").Single());
            Assert.Equal(FakeProvider.DefaultUpstream.Region, response.Headers.GetValues("x-sluice-upstream-region").Single());
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[256];
            Assert.True(await body.ReadAsync(buffer).AsTask().WaitAsync(Patience) > 0);
        }

        // Nobody reads the rest: the upstream call (and its token bill) must stop at once, not at some timeout.
        await upstream.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(1));
        var record = await _gateway.Usage.SingleForAsync(requestId);
        Assert.Equal((499, "client_disconnected"), (record.Status, record.ErrorCode));
        Assert.Equal((25, 1), (record.PromptTokens, record.CompletionTokens));
        Assert.Equal(CostCalculator.Public(TestGateway.ChatPrice.Scopes[0], new CallUsage(25, 1)), record.CostUsd);
    }

    private ScriptedChatStream UseScriptedStream(params ChatStreamUpdate[] updates)
    {
        var stream = updates.Length == 0 ? new ScriptedChatStream() : ScriptedChatStream.Completed(updates);
        _gateway.Provider.OnStream = (_, _) => Task.FromResult<ChatStream>(stream);
        return stream;
    }

    private static async Task<string> NextTextAsync(IAsyncEnumerator<StreamingChatCompletionUpdate> updates)
    {
        while (await updates.MoveNextAsync().AsTask().WaitAsync(Patience))
        {
            var text = string.Concat(updates.Current.ContentUpdate.Select(p => p.Text));
            if (text.Length > 0) return text;
        }

        throw new InvalidOperationException("The stream ended before more text arrived.");
    }

    private static async Task<List<StreamingChatCompletionUpdate>> DrainAsync(IAsyncEnumerator<StreamingChatCompletionUpdate> updates)
    {
        var rest = new List<StreamingChatCompletionUpdate>();
        while (await updates.MoveNextAsync().AsTask().WaitAsync(Patience)) rest.Add(updates.Current);
        return rest;
    }

    internal static List<string> DataLines(string sse) =>
        sse.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l[6..]).ToList();
}
