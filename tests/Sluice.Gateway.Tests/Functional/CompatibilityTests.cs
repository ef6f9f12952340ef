using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;

namespace Sluice.Gateway.Tests.Functional;

/// <summary>
/// OpenAI parameters Bedrock cannot honour (drop_params), parallel_tool_calls, usage details and /v1/models, through
/// the official OpenAI SDK, the real gateway and the strict emulator.
/// </summary>
[Collection(FunctionalCollection.Name)]
public sealed class CompatibilityTests(FunctionalFixture fx)
{
    private const string DroppedHeader = "x-sluice-dropped-params";

    private static readonly BinaryData CitySchema = BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}}}""");
    private static readonly BinaryData ZoneSchema = BinaryData.FromString("""{"type":"object","properties":{"zone":{"type":"string"}}}""");

    private static ChatCompletionOptions TwoTools(bool? parallel) => new()
    {
        Tools = { ChatTool.CreateFunctionTool("get_weather", "Weather", CitySchema), ChatTool.CreateFunctionTool("get_time", "Time", ZoneSchema) },
        AllowParallelToolCalls = parallel,
    };

    private static readonly List<ChatMessage> AskForTwoCalls = [new UserChatMessage("call get_weather city=Rome and call get_time zone=CET")];

    /// <summary>An SDK client that sends <c>x-sluice-drop-params: true</c> on every request.</summary>
    private OpenAIClient DroppingClient()
    {
        var options = new OpenAIClientOptions { Endpoint = new Uri(fx.BaseUrl + "/v1") };
        options.AddPolicy(new DropParamsHeaderPolicy(), PipelinePosition.PerCall);
        return new OpenAIClient(new ApiKeyCredential(fx.UserToken), options);
    }

    private static HashSet<string>? Dropped(PipelineResponse response) =>
        response.Headers.TryGetValue(DroppedHeader, out var value) ? [.. value!.Split(',')] : null;

    [Fact]
    public async Task CompleteChat_ParallelToolCallsFalseOnClaude_OneToolCall()
    {
        var client = fx.OpenAi().GetChatClient("keys/claude-3-5-sonnet");

        ChatCompletion completion = await client.CompleteChatAsync(AskForTwoCalls, TwoTools(parallel: false));

        Assert.Equal("get_weather", Assert.Single(completion.ToolCalls).FunctionName);
        Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
    }

    [Fact]
    public async Task CompleteChat_ParallelToolCallsFalseOnClaudeWithThinking_OneToolCall()
    {
        var tools = """[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}},{"type":"function","function":{"name":"get_time","parameters":{"type":"object","properties":{"zone":{"type":"string"}}}}}]""";
        var (status, body, text, _) = await fx.SendAsync(HttpMethod.Post, "/v1/chat/completions",
            $$"""{"model":"role/claude-3-7-us","reasoning_effort":"low","parallel_tool_calls":false,"tools":{{tools}},"messages":[{"role":"user","content":"call get_weather city=Rome and call get_time zone=CET"}]}""");

        Assert.True(status == 200, text);
        Assert.Equal(1, body.GetProperty("choices")[0].GetProperty("message").GetProperty("tool_calls").GetArrayLength());
    }

    [Fact]
    public async Task CompleteChat_ParallelToolCallsFalseOnNova_400NamesParallelToolCalls()
    {
        var client = fx.OpenAi().GetChatClient("keys/nova-lite");

        var e = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync(AskForTwoCalls, TwoTools(parallel: false)));

        Assert.Equal(400, e.Status);
        var error = JsonDocument.Parse(e.GetRawResponse()!.Content).RootElement.GetProperty("error");
        Assert.Equal("parallel_tool_calls", error.GetProperty("param").GetString());
        Assert.Contains("Claude", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChat_ParallelToolCallsFalseOnNovaWithDropHeader_DroppedAndReported()
    {
        var client = DroppingClient().GetChatClient("keys/nova-lite");

        ClientResult<ChatCompletion> result = await client.CompleteChatAsync(AskForTwoCalls, TwoTools(parallel: false));

        Assert.Equal(2, result.Value.ToolCalls.Count);
        Assert.Equal(["parallel_tool_calls"], Dropped(result.GetRawResponse())!);
    }

    [Fact]
    public async Task CompleteChat_UnsupportedParametersOnDropParamsModel_DroppedAndReported()
    {
        var client = fx.OpenAi().GetChatClient("keys/nova-lite-lenient");
        var options = new ChatCompletionOptions { IncludeLogProbabilities = true, FrequencyPenalty = 0.5f, Temperature = 1.5f };

        ClientResult<ChatCompletion> result = await client.CompleteChatAsync([new UserChatMessage("still answered")], options);

        // The strict emulator refuses temperatures above 1, so an answer shows the clamp reached Bedrock.
        Assert.Equal("still answered", result.Value.Content[0].Text);
        Assert.Equal(new HashSet<string> { "logprobs", "frequency_penalty", "temperature" }, Dropped(result.GetRawResponse()));
    }

    [Fact]
    public async Task CompleteChat_UnsupportedParametersByDefault_400NamesTheFirst()
    {
        var client = fx.OpenAi().GetChatClient("keys/nova-lite");
        var options = new ChatCompletionOptions { FrequencyPenalty = 0.5f };

        var e = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("hi")], options));

        Assert.Equal(400, e.Status);
        var error = JsonDocument.Parse(e.GetRawResponse()!.Content).RootElement.GetProperty("error");
        Assert.Equal(("frequency_penalty", "unsupported_parameter"), (error.GetProperty("param").GetString(), error.GetProperty("code").GetString()));
        Assert.Contains("drop_params", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChat_SeedWithDropParamsBodyField_DroppedAndReported()
    {
        var client = fx.OpenAi().GetChatClient("keys/nova-lite");
        using var body = BinaryContent.Create(BinaryData.FromString("""{"model":"keys/nova-lite","seed":7,"n":2,"drop_params":true,"messages":[{"role":"user","content":"seeded"}]}"""));

        var result = await client.CompleteChatAsync(body);

        Assert.Equal(200, result.GetRawResponse().Status);
        Assert.Equal(new HashSet<string> { "seed", "n" }, Dropped(result.GetRawResponse()));
        Assert.Equal(1, JsonDocument.Parse(result.GetRawResponse().Content).RootElement.GetProperty("choices").GetArrayLength());
    }

    [Fact]
    public async Task CompleteChat_DropParamsModelAndNothingToDrop_NoDroppedHeader()
    {
        var client = fx.OpenAi().GetChatClient("keys/nova-lite-lenient");

        ClientResult<ChatCompletion> result = await client.CompleteChatAsync([new UserChatMessage("plain")], new ChatCompletionOptions { Temperature = 0.3f });

        Assert.Null(Dropped(result.GetRawResponse()));
    }

    [Fact]
    public async Task StreamChat_DropHeader_HeaderArrivesWithTheStream()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, fx.BaseUrl + "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"keys/claude-3-5-sonnet","stream":true,"presence_penalty":1,"messages":[{"role":"user","content":"streamed"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fx.UserToken);
        request.Headers.Add("x-sluice-drop-params", "true");

        using var response = await fx.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(["presence_penalty"], response.Headers.GetValues(DroppedHeader));
        Assert.Contains("streamed", text, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChat_ModelReasoned_UsageLeavesReasoningTokensOut()
    {
        var (status, body, text, _) = await fx.SendAsync(HttpMethod.Post, "/v1/chat/completions",
            """{"model":"role/claude-3-7-us","reasoning_effort":"low","messages":[{"role":"user","content":"think about it"}]}""");

        Assert.True(status == 200, text);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("choices")[0].GetProperty("message").GetProperty("reasoning_content").GetString()));
        var usage = body.GetProperty("usage");
        Assert.True(usage.GetProperty("completion_tokens").GetInt32() > 0);
        // Bedrock counts reasoning inside outputTokens without saying how much: unknown, so not reported as 0.
        Assert.False(usage.TryGetProperty("completion_tokens_details", out _));
    }

    [Fact]
    public async Task ListModels_Sdk_CreatedIsWhenTheModelWasAdded()
    {
        var before = DateTimeOffset.UtcNow;

        var models = (await fx.OpenAi().GetOpenAIModelClient().GetModelsAsync()).Value;

        var embed = models.Single(m => m.Id == "keys/titan-embed");
        Assert.InRange(embed.CreatedAt, before.AddHours(-1), before);
    }

    [Theory]
    [InlineData("keys/nova-lite", "chat")]
    [InlineData("keys/titan-embed", "embedding")]
    [InlineData("keys/nova-canvas", "image")]
    public async Task ListModels_Raw_TypesAreTheManifestWords(string id, string type)
    {
        var (status, body, text, _) = await fx.SendAsync(HttpMethod.Get, "/v1/models", null);

        Assert.True(status == 200, text);
        var model = body.GetProperty("data").EnumerateArray().Single(m => m.GetProperty("id").GetString() == id);
        Assert.Equal([type], model.GetProperty("sluice").GetProperty("types").EnumerateArray().Select(t => t.GetString()));
    }

    private sealed class DropParamsHeaderPolicy : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Set("x-sluice-drop-params", "true");
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Set("x-sluice-drop-params", "true");
            return ProcessNextAsync(message, pipeline, currentIndex);
        }
    }
}
