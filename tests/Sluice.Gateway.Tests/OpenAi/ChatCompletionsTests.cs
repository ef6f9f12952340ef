using System.Text.Json;
using OpenAI.Chat;
using Sluice.Core.Chat;
using Sluice.Gateway.Tests.OpenAi.TestHost;
using ChatMessage = OpenAI.Chat.ChatMessage;
using CoreFinish = Sluice.Core.Chat.FinishReason;
using CoreToolCall = Sluice.Core.Chat.ToolCall;
using CoreUsage = Sluice.Core.Chat.Usage;

namespace Sluice.Gateway.Tests.OpenAi;

public sealed class ChatCompletionsTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task CompleteChat_TextAnswer_SdkReadsTextFinishReasonAndUsage()
    {
        _gateway.Provider.OnChat = (_, _) => Task.FromResult(new ChatResponse
        {
            Text = "Paris.",
            FinishReason = CoreFinish.Stop,
            Usage = new CoreUsage(120, 8, CachedTokens: 100, ReasoningTokens: 0),
            Upstream = FakeProvider.DefaultUpstream,
        });

        var result = await _gateway.Chat().CompleteChatAsync(
            [new SystemChatMessage("Be brief."), new UserChatMessage("Capital of France?")],
            new ChatCompletionOptions { Temperature = 0.2f, MaxOutputTokenCount = 50 });

        var completion = result.Value;
        Assert.Equal("Paris.", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(TestGateway.ChatModel, completion.Model);
        Assert.StartsWith("chatcmpl-", completion.Id);
        Assert.Equal(120, completion.Usage.InputTokenCount);
        Assert.Equal(8, completion.Usage.OutputTokenCount);
        Assert.Equal(128, completion.Usage.TotalTokenCount);
        Assert.Equal(100, completion.Usage.InputTokenDetails.CachedTokenCount);

        var sent = _gateway.Provider.LastChat!;
        Assert.Equal(TestGateway.ChatModel, sent.Model);
        Assert.Equal(50, sent.MaxTokens);
        Assert.Equal(0.2f, sent.Temperature);
        Assert.Equal([ChatRole.System, ChatRole.User], sent.Messages.Select(m => m.Role));
        Assert.Equal("Capital of France?", Assert.IsType<TextPart>(sent.Messages[1].Content[0]).Text);
    }

    [Fact]
    public async Task CompleteChat_ToolCallsOnly_ContentIsNullAndCallsAreReturned()
    {
        _gateway.Provider.OnChat = (_, _) => Task.FromResult(new ChatResponse
        {
            ToolCalls = [new CoreToolCall("call_1", "get_weather", """{"city":"Oslo"}"""), new CoreToolCall("call_2", "get_time", "{}")],
            FinishReason = CoreFinish.ToolCalls,
            Usage = new CoreUsage(30, 12),
            Upstream = FakeProvider.DefaultUpstream,
        });
        var options = new ChatCompletionOptions { Tools = { WeatherTool(), ChatTool.CreateFunctionTool("get_time") } };

        var completion = (await _gateway.Chat().CompleteChatAsync([new UserChatMessage("Weather and time in Oslo?")], options)).Value;

        Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
        Assert.Empty(completion.Content);
        Assert.Equal(2, completion.ToolCalls.Count);
        Assert.Equal("call_1", completion.ToolCalls[0].Id);
        Assert.Equal("get_weather", completion.ToolCalls[0].FunctionName);
        Assert.Equal("Oslo", JsonDocument.Parse(completion.ToolCalls[0].FunctionArguments).RootElement.GetProperty("city").GetString());
        var tools = _gateway.Provider.LastChat!.Tools!;
        Assert.Equal(["get_weather", "get_time"], tools.Select(t => t.Name));
        Assert.Equal("object", tools[0].Parameters!.Value.GetProperty("type").GetString());
    }

    [Fact]
    public async Task CompleteChat_ToolResultTurn_ReachesProviderAsToolMessage()
    {
        ChatMessage[] messages =
        [
            new UserChatMessage("Weather in Oslo?"),
            new AssistantChatMessage([ChatToolCall.CreateFunctionToolCall("call_9", "get_weather", BinaryData.FromString("""{"city":"Oslo"}"""))]),
            new ToolChatMessage("call_9", "Sunny, 21 C"),
        ];

        await _gateway.Chat().CompleteChatAsync(messages, new ChatCompletionOptions { Tools = { WeatherTool() } });

        var sent = _gateway.Provider.LastChat!.Messages;
        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.Tool], sent.Select(m => m.Role));
        var call = Assert.Single(sent[1].ToolCalls!);
        Assert.Equal(("call_9", "get_weather"), (call.Id, call.Name));
        Assert.Equal("Oslo", JsonDocument.Parse(call.ArgumentsJson).RootElement.GetProperty("city").GetString());
        Assert.Equal("call_9", sent[2].ToolCallId);
        Assert.Equal("Sunny, 21 C", Assert.IsType<TextPart>(sent[2].Content[0]).Text);
    }

    [Fact]
    public async Task CompleteChat_JsonSchemaFormat_ReachesProviderWithSchema()
    {
        var schema = BinaryData.FromString("""{"type":"object","properties":{"answer":{"type":"string"}},"required":["answer"],"additionalProperties":false}""");
        var options = new ChatCompletionOptions { ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("answer", schema, "An answer", jsonSchemaIsStrict: true) };

        await _gateway.Chat().CompleteChatAsync([new UserChatMessage("Answer in JSON")], options);

        var format = _gateway.Provider.LastChat!.ResponseFormat!;
        Assert.Equal(ResponseFormatKind.JsonSchema, format.Kind);
        Assert.Equal("answer", format.SchemaName);
        Assert.True(format.Strict);
        Assert.Equal("string", format.Schema!.Value.GetProperty("properties").GetProperty("answer").GetProperty("type").GetString());
    }

    [Fact]
    public async Task CompleteChat_ImageDataUrl_ReachesProviderAsBytes()
    {
        var message = new UserChatMessage(
            ChatMessageContentPart.CreateTextPart("What is this?"),
            ChatMessageContentPart.CreateImagePart(BinaryData.FromBytes(TestImages.Png), "image/png"));

        await _gateway.Chat().CompleteChatAsync([message]);

        var content = _gateway.Provider.LastChat!.Messages[0].Content;
        Assert.Equal("What is this?", Assert.IsType<TextPart>(content[0]).Text);
        var image = Assert.IsType<ImagePart>(content[1]);
        Assert.Equal("image/png", image.MediaType);
        Assert.Equal(TestImages.Png, image.Data.ToArray());
    }

    [Fact]
    public async Task CompleteChat_Success_SetsRequestAndUpstreamHeadersAndRecordsPricedUsage()
    {
        _gateway.Provider.OnChat = (_, _) => Task.FromResult(new ChatResponse
        {
            Text = "ok",
            FinishReason = CoreFinish.Stop,
            Usage = new CoreUsage(1_000_000, 100_000, CachedTokens: 400_000, CacheWriteTokens: 100_000),
            Upstream = new UpstreamInfo("eu.anthropic.claude-test-v1:0", "eu-central-1"),
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"acme/chat","messages":[{"role":"user","content":"hi"}]}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", _gateway.Alice);
        request.Headers.Add("x-request-id", "client-req.42");

        using var response = await _gateway.Http.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("client-req.42", response.Headers.GetValues("x-request-id").Single());
        Assert.Equal("acme/chat", response.Headers.GetValues("x-sluice-model").Single());
        Assert.Equal("eu.anthropic.claude-test-v1:0", response.Headers.GetValues("x-sluice-upstream-model-id").Single());
        Assert.Equal("eu-central-1", response.Headers.GetValues("x-sluice-upstream-region").Single());
        var record = await _gateway.Usage.SingleForAsync("client-req.42");
        Assert.Equal(("user-alice", "acme/chat", "chat", 200), (record.PrincipalId, record.Model, record.Operation, record.Status));
        Assert.Equal(("eu.anthropic.claude-test-v1:0", "eu-central-1"), (record.UpstreamModelId, record.Region));
        Assert.Equal((1_000_000, 100_000, 400_000, 100_000), (record.PromptTokens, record.CompletionTokens, record.CachedTokens, record.CacheWriteTokens));
        // 500k uncached * $3 + 400k cached * $0.30 + 100k written * $3.75 + 100k out * $15, per million.
        Assert.Equal(1.5m + 0.12m + 0.375m + 1.5m, record.CostUsd);
        Assert.False(record.PrivateCost);
        Assert.Null(record.ErrorCode);
    }

    [Fact]
    public async Task CompleteChat_InsaneRequestId_GatewayGeneratesItsOwn()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"acme/chat","messages":[{"role":"user","content":"hi"}]}"""),
        };
        request.Headers.Authorization = new("Bearer", _gateway.Alice);
        request.Headers.TryAddWithoutValidation("x-request-id", "bad id with spaces\"");

        using var response = await _gateway.Http.SendAsync(request);

        var id = response.Headers.GetValues("x-request-id").Single();
        Assert.StartsWith("req_", id);
        Assert.Equal("chat", (await _gateway.Usage.SingleForAsync(id)).Operation);
    }

    [Fact]
    public async Task CompleteChat_ClientDisconnectsWhileUpstreamThinks_UpstreamIsCancelledAndUsageRecorded()
    {
        var called = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _gateway.Provider.OnChat = async (_, cancellationToken) =>
        {
            called.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                cancelled.TrySetResult();
                throw;
            }

            throw new InvalidOperationException("unreachable: the delay never ends on its own");
        };

        using (var client = _gateway.NewClientOnOwnConnection())
        using (var giveUp = new CancellationTokenSource())
        {
            client.DefaultRequestHeaders.Add("x-request-id", "gone-while-waiting");
            var send = _gateway.SendAsAliceAsync(client, "/v1/chat/completions",
                """{"model":"acme/chat","messages":[{"role":"user","content":"think hard"}]}""", giveUp.Token);
            await called.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await giveUp.CancelAsync(); // the client stops waiting for the answer and drops the connection
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
        }

        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(1));
        var record = await _gateway.Usage.SingleForAsync("gone-while-waiting");
        Assert.Equal(("chat", 499, "client_disconnected"), (record.Operation, record.Status, record.ErrorCode));
    }

    internal static ChatTool WeatherTool() => ChatTool.CreateFunctionTool("get_weather", "Weather for a city",
        BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""));
}
