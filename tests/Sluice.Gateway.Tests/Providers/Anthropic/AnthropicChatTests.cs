using System.Text;
using System.Text.Json;
using OpenAI.Chat;
using static Sluice.Gateway.Tests.Providers.Anthropic.AnthropicProviderFixture;

namespace Sluice.Gateway.Tests.Providers.Anthropic;

/// <summary><c>/v1/chat/completions</c> on an Anthropic account, through the OpenAI SDK: translated to Messages and back.</summary>
[Collection(AnthropicProviderCollection.Name)]
public sealed class AnthropicChatTests(AnthropicProviderFixture fx)
{
    private static readonly BinaryData WeatherSchema = BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""");

    [Fact]
    public async Task Chat_Plain_AnswersWithUsageAndCatalogueCost()
    {
        var id = NewRequestId();
        ChatCompletion answer = await fx.OpenAi(id).GetChatClient(Sonnet).CompleteChatAsync(
            [new SystemChatMessage("Be brief."), new UserChatMessage("Hello from the OpenAI SDK")], new ChatCompletionOptions { MaxOutputTokenCount = 50, Temperature = 0.5f });

        Assert.Equal("Hello from the OpenAI SDK", answer.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, answer.FinishReason);
        Assert.True(answer.Usage.InputTokenCount > 0);

        // What went on the wire: Anthropic's headers and a Messages body (system apart, max_tokens, the account's model).
        var sent = fx.LastReceived();
        Assert.Equal(Sluice.Anthropic.Emulator.AnthropicEmulatorOptions.DemoApiKey, sent.Headers["x-api-key"]);
        Assert.Equal("2023-06-01", sent.Headers["anthropic-version"]);
        Assert.False(sent.Headers.ContainsKey("authorization"));
        using var body = JsonDocument.Parse(sent.Body);
        Assert.Equal(SonnetId, body.RootElement.GetProperty("model").GetString());
        Assert.Equal(50, body.RootElement.GetProperty("max_tokens").GetInt32());
        Assert.Equal("Be brief.", body.RootElement.GetProperty("system")[0].GetProperty("text").GetString());

        var record = (await fx.UsageAsync(id)).Single();
        Assert.Equal("chat", record.GetProperty("operation").GetString());
        Assert.Equal(200, record.GetProperty("status").GetInt32());
        Assert.Equal(SonnetId, record.GetProperty("upstream_model_id").GetString());
        Assert.Equal(answer.Usage.InputTokenCount, record.GetProperty("prompt_tokens").GetInt32());
        // Sonnet 4.5 at Anthropic's public price: $3 in, $15 out per million tokens.
        var expected = (answer.Usage.InputTokenCount * 3m + answer.Usage.OutputTokenCount * 15m) / 1_000_000m;
        Assert.Equal(expected, record.GetProperty("cost_usd").GetDecimal());
    }

    [Fact]
    public async Task ChatStream_Text_StreamsTheAnswerAndRecordsUsage()
    {
        var id = NewRequestId();
        var text = new StringBuilder();
        ChatTokenUsage? usage = null;
        await foreach (var update in fx.OpenAi(id).GetChatClient(Sonnet).CompleteChatStreamingAsync(
            [new UserChatMessage("one two three four five")], new ChatCompletionOptions { MaxOutputTokenCount = 50 }))
        {
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
            usage ??= update.Usage;
        }

        Assert.Equal("one two three four five", text.ToString());
        using var body = JsonDocument.Parse(fx.LastReceived().Body);
        Assert.True(body.RootElement.GetProperty("stream").GetBoolean());
        var record = (await fx.UsageAsync(id)).Single();
        Assert.Equal("chat.stream", record.GetProperty("operation").GetString());
        Assert.Equal(200, record.GetProperty("status").GetInt32());
        Assert.Equal(5, record.GetProperty("completion_tokens").GetInt32());
        Assert.True(record.GetProperty("cost_usd").GetDecimal() > 0);
    }

    [Fact]
    public async Task Chat_ToolsAcrossTurns_ToolCallThenAnswerFromTheResult()
    {
        var client = fx.OpenAi(NewRequestId()).GetChatClient(Sonnet);
        var options = new ChatCompletionOptions { Tools = { ChatTool.CreateFunctionTool("get_weather", "The weather in a city", WeatherSchema) } };
        List<ChatMessage> messages = [new UserChatMessage("call get_weather city=Paris")];

        ChatCompletion first = await client.CompleteChatAsync(messages, options);

        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);
        var call = Assert.Single(first.ToolCalls);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal("Paris", JsonDocument.Parse(call.FunctionArguments).RootElement.GetProperty("city").GetString());

        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(call.Id, "sunny 21C"));
        ChatCompletion second = await client.CompleteChatAsync(messages, options);

        Assert.Equal(ChatFinishReason.Stop, second.FinishReason);
        Assert.Equal("Result: sunny 21C", second.Content[0].Text);
        using var body = JsonDocument.Parse(fx.LastReceived().Body);
        var toolTurn = body.RootElement.GetProperty("messages")[2];
        Assert.Equal("user", toolTurn.GetProperty("role").GetString());
        Assert.Equal("tool_result", toolTurn.GetProperty("content")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task ChatStream_ToolCall_StreamsNameAndArguments()
    {
        var options = new ChatCompletionOptions { Tools = { ChatTool.CreateFunctionTool("get_weather", "The weather in a city", WeatherSchema) } };
        string? name = null;
        var arguments = new StringBuilder();
        ChatFinishReason? finish = null;
        await foreach (var update in fx.OpenAi(NewRequestId()).GetChatClient(Sonnet).CompleteChatStreamingAsync([new UserChatMessage("call get_weather city=Oslo")], options))
        {
            foreach (var tool in update.ToolCallUpdates)
            {
                name ??= tool.FunctionName;
                arguments.Append(tool.FunctionArgumentsUpdate?.ToString());
            }

            finish ??= update.FinishReason;
        }

        Assert.Equal("get_weather", name);
        Assert.Equal("Oslo", JsonDocument.Parse(arguments.ToString()).RootElement.GetProperty("city").GetString());
        Assert.Equal(ChatFinishReason.ToolCalls, finish);
    }

    [Fact]
    public async Task Chat_Image_SentAsBase64ImageBlock()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 0, 2, 0, 0, 0, 3, 8, 2, 0, 0, 0, 0, 0, 0, 0];
        ChatCompletion answer = await fx.OpenAi(NewRequestId()).GetChatClient(Sonnet).CompleteChatAsync(
            [new UserChatMessage(ChatMessageContentPart.CreateImagePart(BinaryData.FromBytes(png), "image/png"), ChatMessageContentPart.CreateTextPart("what is in the picture"))]);

        Assert.Equal("what is in the picture", answer.Content[0].Text);
        using var body = JsonDocument.Parse(fx.LastReceived().Body);
        var image = body.RootElement.GetProperty("messages")[0].GetProperty("content")[0];
        Assert.Equal("image", image.GetProperty("type").GetString());
        Assert.Equal("image/png", image.GetProperty("source").GetProperty("media_type").GetString());
        Assert.Equal(Convert.ToBase64String(png), image.GetProperty("source").GetProperty("data").GetString());
    }

    [Fact]
    public async Task Chat_ReasoningEffort_ThinkingBudgetAndReasoningInTheAnswer()
    {
        var (status, text, _) = await fx.PostAsync("/v1/chat/completions",
            $$"""{"model":"{{Sonnet}}","reasoning_effort":"low","max_tokens":200,"messages":[{"role":"user","content":"think about it"}]}""", NewRequestId());

        Assert.True(status == 200, text);
        using var sent = JsonDocument.Parse(fx.LastReceived().Body);
        Assert.Equal(1024, sent.RootElement.GetProperty("thinking").GetProperty("budget_tokens").GetInt32());
        Assert.True(sent.RootElement.GetProperty("max_tokens").GetInt32() > 1024);
        Assert.Contains("think about it", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_StopSequence_PassedAndHonoured()
    {
        ChatCompletion answer = await fx.OpenAi(NewRequestId()).GetChatClient(Sonnet).CompleteChatAsync(
            [new UserChatMessage("alpha beta STOP gamma")], new ChatCompletionOptions { StopSequences = { "STOP" } });

        Assert.Equal("alpha beta ", answer.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, answer.FinishReason);
    }

    [Fact]
    public async Task Embeddings_AnthropicModel_ClearNotSupportedError()
    {
        var (status, body, text) = await fx.SendAsync(HttpMethod.Post, "/v1/embeddings", $$"""{"model":"{{Sonnet}}","input":"hello"}""");

        Assert.True(status == 400, text);
        Assert.Equal("invalid_request_error", body.GetProperty("error").GetProperty("type").GetString());
    }
}
