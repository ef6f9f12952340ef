using System.ClientModel;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenAI.Chat;
using Sluice.OpenAI.Emulator;

namespace Sluice.Gateway.Tests.OpenAiProvider;

/// <summary>Chat completions through the OpenAI .NET SDK, gateway → OpenAI emulator.</summary>
[Collection(OpenAiCollection.Name)]
public sealed class OpenAiChatTests(OpenAiFixture fx)
{
    private static readonly byte[] OnePixelPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    [Fact]
    public async Task CompleteChat_OpenAiAccount_AnswersWithCallerModelAndSendsAccountHeaders()
    {
        var client = fx.Client().GetChatClient("openai/gpt-4o-mini");

        ClientResult<ChatCompletion> result = await client.CompleteChatAsync([new UserChatMessage("Hello from the OpenAI suite")]);

        var completion = result.Value;
        Assert.Equal("Hello from the OpenAI suite", completion.Content[0].Text);
        Assert.Equal("openai/gpt-4o-mini", completion.Model); // the upstream said gpt-4o-mini-2025-01-01
        Assert.Equal(5, completion.Usage.OutputTokenCount);
        Assert.True(completion.Usage.InputTokenCount > 0);
        Assert.True(result.GetRawResponse().Headers.TryGetValue("x-sluice-upstream-model-id", out var upstream));
        Assert.Equal("gpt-4o-mini", upstream);
        var sent = fx.OpenAi.LastRequest("/v1/chat/completions", "gpt-4o-mini")!;
        Assert.Equal("Bearer " + OpenAiEmulator.DemoApiKey, sent.Headers["Authorization"]);
        Assert.Equal("org-sluice", sent.Headers["OpenAI-Organization"]);
        Assert.Equal("proj_sluice", sent.Headers["OpenAI-Project"]);
        Assert.Equal("platform", sent.Headers["X-Team"]);
    }

    [Fact]
    public async Task CompleteChatStreaming_OpenAiAccount_AssemblesTextAndReportsUsage()
    {
        var client = fx.Client().GetChatClient("openai/gpt-4o-mini");
        var text = new StringBuilder();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;
        string? model = null;

        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("one two three four five six")]))
        {
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
            usage ??= update.Usage;
            finish ??= update.FinishReason;
            model ??= update.Model;
        }

        Assert.Equal("one two three four five six", text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.Equal("openai/gpt-4o-mini", model);
        Assert.NotNull(usage);
        Assert.Equal(6, usage!.OutputTokenCount);
    }

    [Fact]
    public async Task Stream_CallerAsksNoUsage_UpstreamAskedAnywayAndCallerGetsNoUsageChunk()
    {
        var (events, requestId) = await StreamRawAsync("""{"model":"openai/gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"alpha beta gamma"}]}""");

        Assert.Equal("[DONE]", events[^1]);
        Assert.DoesNotContain(events, e => e.Contains("\"usage\"", StringComparison.Ordinal));
        var sent = fx.OpenAi.LastRequest("/v1/chat/completions", "gpt-4o-mini")!.Json!;
        Assert.True(sent["stream_options"]!["include_usage"]!.GetValue<bool>());
        var row = (await fx.UsageRowsAsync(requestId))[0];
        Assert.Equal(3, row.GetProperty("completion_tokens").GetInt32());
        Assert.True(row.GetProperty("cost_usd").GetDecimal() > 0);
    }

    [Fact]
    public async Task CompleteChat_Tools_ReturnsTheToolCall()
    {
        var client = fx.Client().GetChatClient("openai/gpt-4o-mini");
        var weather = ChatTool.CreateFunctionTool("get_weather", "Weather in a city",
            BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""));

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Paris")], new ChatCompletionOptions { Tools = { weather } });

        Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
        var call = Assert.Single(completion.ToolCalls);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal("Paris", JsonDocument.Parse(call.FunctionArguments.ToString()).RootElement.GetProperty("city").GetString());
    }

    [Fact]
    public async Task CompleteChatStreaming_Tools_StreamsTheToolCall()
    {
        var client = fx.Client().GetChatClient("openai/gpt-4o-mini");
        var weather = ChatTool.CreateFunctionTool("get_weather", "Weather in a city",
            BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""));
        string? name = null;
        var arguments = new StringBuilder();

        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Lyon")], new ChatCompletionOptions { Tools = { weather } }))
        {
            foreach (var call in update.ToolCallUpdates)
            {
                name ??= call.FunctionName;
                arguments.Append(call.FunctionArgumentsUpdate?.ToString());
            }
        }

        Assert.Equal("get_weather", name);
        Assert.Equal("Lyon", JsonDocument.Parse(arguments.ToString()).RootElement.GetProperty("city").GetString());
    }

    [Fact]
    public async Task CompleteChat_ImageInput_ReachesTheUpstreamAsSent()
    {
        var client = fx.Client().GetChatClient("openai/gpt-4o-mini");

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage(
            ChatMessageContentPart.CreateTextPart("what is"),
            ChatMessageContentPart.CreateImagePart(BinaryData.FromBytes(OnePixelPng), "image/png"))]);

        Assert.Equal($"what is [image image/png {OnePixelPng.Length} bytes]", completion.Content[0].Text);
    }

    [Fact]
    public async Task CompleteChat_EveryOpenAiParameter_ReachesTheUpstreamUnchanged()
    {
        var body = JsonNode.Parse("""
            {"model":"openai/gpt-4o-mini","messages":[{"role":"developer","content":"be brief, answer in json"},{"role":"user","content":"red green"}],
             "n":2,"logprobs":true,"top_logprobs":2,"logit_bias":{"1234":-100},"frequency_penalty":0.5,"presence_penalty":-0.25,"seed":7,
             "temperature":1.5,"top_p":0.9,"max_completion_tokens":50,"stop":["END"],"response_format":{"type":"json_object"},
             "tools":[{"type":"function","function":{"name":"noop","parameters":{"type":"object","properties":{}}}}],"tool_choice":"none",
             "parallel_tool_calls":false,"modalities":["text"],"service_tier":"auto","store":false,"user":"u-1","prompt_cache_key":"k1",
             "metadata":{"team":"a"},"verbosity":"low","drop_params":false}
            """)!.AsObject();

        var (status, answer, text) = await fx.SendAsync(HttpMethod.Post, "/v1/chat/completions", body.ToJsonString());

        Assert.True(status == 200, text);
        Assert.Equal(2, answer.GetProperty("choices").GetArrayLength());
        Assert.Equal(2, answer.GetProperty("choices")[1].GetProperty("logprobs").GetProperty("content")[0].GetProperty("top_logprobs").GetArrayLength());
        var sent = fx.OpenAi.LastRequest("/v1/chat/completions", "gpt-4o-mini")!.Json!;
        Assert.Equal("gpt-4o-mini", sent["model"]!.GetValue<string>());
        Assert.False(sent.ContainsKey("drop_params")); // Sluice's own switch, which OpenAI would refuse
        foreach (var (name, value) in body)
        {
            if (name is "model" or "drop_params") continue;
            Assert.True(JsonNode.DeepEquals(value, sent[name]), $"{name}: sent {value?.ToJsonString()}, upstream got {sent[name]?.ToJsonString()}");
        }
    }

    [Fact]
    public async Task CompleteChat_ReasoningModelRefusesParameter_UpstreamErrorReachesCallerAs400()
    {
        var (status, body, text) = await fx.SendAsync(HttpMethod.Post, "/v1/chat/completions",
            """{"model":"openai/o3-mini","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""");

        Assert.True(status == 400, text);
        Assert.Equal("unsupported_parameter", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("max_completion_tokens", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_AnthropicShapedRequest_IsTranslatedForTheOpenAiTarget()
    {
        var (status, body, text) = await fx.SendAsync(HttpMethod.Post, "/v1/messages",
            """{"model":"openai/gpt-4o-mini","max_tokens":100,"messages":[{"role":"user","content":"translated hello"}]}""");

        Assert.True(status == 200, text);
        Assert.Equal("translated hello", body.GetProperty("content")[0].GetProperty("text").GetString());
        var sent = fx.OpenAi.LastRequest("/v1/chat/completions", "gpt-4o-mini")!.Json!;
        Assert.Equal(100, sent["max_completion_tokens"]!.GetValue<int>());
        Assert.Equal("translated hello", sent["messages"]![0]!["content"]!.GetValue<string>());
    }

    /// <summary>Posts a streamed chat and returns every SSE data payload and the request ID.</summary>
    internal async Task<(List<string> Events, string RequestId)> StreamRawAsync(string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, fx.BaseUrl + "/v1/chat/completions") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fx.UserToken);
        using var response = await fx.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => string.Join("\n", e.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l[6..]))).ToList();
        return (events, response.Headers.GetValues("x-request-id").Single());
    }
}
