using System.ClientModel;
using System.Text;
using System.Text.Json;
using OpenAI.Chat;

namespace Sluice.Gateway.Tests.Functional;

/// <summary>Chat completions through the official OpenAI .NET SDK, gateway → emulator.</summary>
[Collection(FunctionalCollection.Name)]
public sealed class ChatTests(FunctionalFixture fx)
{
    private static readonly BinaryData WeatherSchema = BinaryData.FromString(
        """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""");

    private static readonly BinaryData TimeSchema = BinaryData.FromString(
        """{"type":"object","properties":{"zone":{"type":"string"}},"required":["zone"]}""");

    // A 1x1 PNG: the emulator checks the magic bytes and echoes the image's size.
    private static readonly byte[] OnePixelPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    [Fact]
    public async Task CompleteChat_PlainModel_ReturnsEchoUsageAndSluiceHeaders()
    {
        var client = fx.OpenAi().GetChatClient("keys/nova-lite");

        ClientResult<ChatCompletion> result = await client.CompleteChatAsync([new UserChatMessage("Hello from the functional suite")]);

        var completion = result.Value;
        Assert.Equal("Hello from the functional suite", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.True(completion.Usage.InputTokenCount > 0);
        Assert.Equal(5, completion.Usage.OutputTokenCount);
        var headers = result.GetRawResponse().Headers;
        Assert.True(headers.TryGetValue("x-request-id", out var requestId) && requestId!.Length > 0);
        Assert.True(headers.TryGetValue("x-sluice-upstream-model-id", out var modelId));
        Assert.Equal("amazon.nova-lite-v1:0", modelId);
        Assert.True(headers.TryGetValue("x-sluice-upstream-region", out var region));
        Assert.Equal("us-east-1", region);
    }

    [Fact]
    public async Task CompleteChatStreaming_WithUsage_AssemblesTextAndSendsUsageChunk()
    {
        var client = fx.OpenAi().GetChatClient("keys/claude-3-5-sonnet");
        var text = new StringBuilder();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;
        var updates = 0;

        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("one two three four five six")]))
        {
            updates++;
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            usage ??= update.Usage;
            finish ??= update.FinishReason;
        }

        Assert.Equal("one two three four five six", text.ToString());
        Assert.True(updates > 3, $"expected a chunk per word, got {updates} updates");
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.NotNull(usage);
        Assert.Equal(6, usage!.OutputTokenCount);
        Assert.True(usage.InputTokenCount > 0);
    }

    [Fact]
    public async Task CompleteChatStreaming_RawIncludeUsage_UsageChunkHasNoChoicesAndStreamEndsWithDone()
    {
        var response = await PostStreamAsync("""{"model":"keys/nova-lite","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"alpha beta"}]}""");
        var events = SseEvents(response);

        Assert.Equal("[DONE]", events[^1].Data);
        var usageChunk = JsonDocument.Parse(events[^2].Data).RootElement;
        Assert.Equal(0, usageChunk.GetProperty("choices").GetArrayLength());
        Assert.Equal(2, usageChunk.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task CompleteChat_ToolsAcrossTwoTurns_AnswerContainsToolResult()
    {
        var client = fx.OpenAi().GetChatClient("keys/claude-3-5-sonnet");
        var options = new ChatCompletionOptions { Tools = { ChatTool.CreateFunctionTool("get_weather", "Weather for a city", WeatherSchema) } };
        List<ChatMessage> messages = [new UserChatMessage("Please call get_weather city=Paris")];

        ChatCompletion first = await client.CompleteChatAsync(messages, options);

        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);
        var call = Assert.Single(first.ToolCalls);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal("Paris", JsonDocument.Parse(call.FunctionArguments).RootElement.GetProperty("city").GetString());

        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(call.Id, "22 degrees and sunny"));
        ChatCompletion second = await client.CompleteChatAsync(messages, options);

        Assert.Equal(ChatFinishReason.Stop, second.FinishReason);
        Assert.Contains("22 degrees and sunny", second.Content[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChatStreaming_ToolsAcrossTwoTurns_AnswerContainsToolResult()
    {
        var client = fx.OpenAi().GetChatClient("keys/nova-lite");
        var options = new ChatCompletionOptions { Tools = { ChatTool.CreateFunctionTool("get_weather", "Weather for a city", WeatherSchema) } };
        List<ChatMessage> messages = [new UserChatMessage("call get_weather city=Oslo")];

        var (text, calls, finish) = await StreamAsync(client, messages, options);

        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        Assert.Equal("", text);
        var call = Assert.Single(calls);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal("Oslo", JsonDocument.Parse(call.FunctionArguments).RootElement.GetProperty("city").GetString());

        messages.Add(new AssistantChatMessage([call]));
        messages.Add(new ToolChatMessage(call.Id, "minus four and snowing"));
        var (answer, _, finish2) = await StreamAsync(client, messages, options);

        Assert.Equal(ChatFinishReason.Stop, finish2);
        Assert.Contains("minus four and snowing", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChat_ParallelToolCalls_ReturnsBothCallsAndAcceptsBothResults()
    {
        var client = fx.OpenAi().GetChatClient("keys/claude-3-5-sonnet");
        var options = new ChatCompletionOptions
        {
            Tools = { ChatTool.CreateFunctionTool("get_weather", "Weather", WeatherSchema), ChatTool.CreateFunctionTool("get_time", "Time", TimeSchema) },
        };
        List<ChatMessage> messages = [new UserChatMessage("call get_weather city=Rome and call get_time zone=CET")];

        ChatCompletion first = await client.CompleteChatAsync(messages, options);

        Assert.Equal(2, first.ToolCalls.Count);
        Assert.Equal("get_weather", first.ToolCalls[0].FunctionName);
        Assert.Equal("get_time", first.ToolCalls[1].FunctionName);
        Assert.NotEqual(first.ToolCalls[0].Id, first.ToolCalls[1].Id);

        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(first.ToolCalls[0].Id, "warm"));
        messages.Add(new ToolChatMessage(first.ToolCalls[1].Id, "noon"));
        ChatCompletion second = await client.CompleteChatAsync(messages, options);

        Assert.Contains("warm", second.Content[0].Text, StringComparison.Ordinal);
        Assert.Contains("noon", second.Content[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChat_ImageDataUrl_ModelSeesThePng()
    {
        var client = fx.OpenAi().GetChatClient("keys/claude-3-5-sonnet");
        var message = new UserChatMessage(
            ChatMessageContentPart.CreateTextPart("Describe"),
            ChatMessageContentPart.CreateImagePart(BinaryData.FromBytes(OnePixelPng), "image/png"));

        ChatCompletion completion = await client.CompleteChatAsync([message]);

        Assert.Contains("[image/png 1x1]", completion.Content[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChat_JsonSchema_ReturnsJsonMatchingTheSchema()
    {
        var client = fx.OpenAi().GetChatClient("keys/nova-lite");
        var schema = BinaryData.FromString(
            """{"type":"object","properties":{"title":{"type":"string"},"pages":{"type":"integer"},"draft":{"type":"boolean"}},"required":["title","pages","draft"],"additionalProperties":false}""");
        var options = new ChatCompletionOptions { ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("book", schema, jsonSchemaIsStrict: true) };

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Describe a book")], options);

        var json = JsonDocument.Parse(completion.Content[0].Text).RootElement;
        Assert.Equal(JsonValueKind.String, json.GetProperty("title").ValueKind);
        Assert.Equal(JsonValueKind.Number, json.GetProperty("pages").ValueKind);
        Assert.Equal(JsonValueKind.True, json.GetProperty("draft").ValueKind);
    }

    [Fact]
    public async Task ChatCompletions_ReasoningWithToolTurn_SignatureRoundTripsAndAnswerArrives()
    {
        const string tools = """[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]""";
        var first = await fx.SendAsync(HttpMethod.Post, "/v1/chat/completions",
            $$"""{"model":"role/claude-3-7-us","reasoning_effort":"low","max_tokens":4096,"tools":{{tools}},"messages":[{"role":"user","content":"call get_weather city=Lima"}]}""");
        Assert.True(first.Status == 200, first.Text);
        var message = first.Body.GetProperty("choices")[0].GetProperty("message");
        Assert.False(string.IsNullOrEmpty(message.GetProperty("reasoning_content").GetString()));
        Assert.False(string.IsNullOrEmpty(message.GetProperty("reasoning_signature").GetString()));
        var callId = message.GetProperty("tool_calls")[0].GetProperty("id").GetString();

        // The assistant message goes back unchanged (reasoning and signature included), as the README asks.
        var second = await fx.SendAsync(HttpMethod.Post, "/v1/chat/completions",
            $$"""{"model":"role/claude-3-7-us","reasoning_effort":"low","max_tokens":4096,"tools":{{tools}},"messages":[{"role":"user","content":"call get_weather city=Lima"},{{message.GetRawText()}},{"role":"tool","tool_call_id":"{{callId}}","content":"cloudy and mild"}]}""");

        Assert.True(second.Status == 200, second.Text);
        Assert.Contains("cloudy and mild", second.Body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatCompletions_ReasoningWithToolTurnWithoutSignature_IsRefusedByUpstream()
    {
        const string tools = """[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]""";
        var first = await fx.SendAsync(HttpMethod.Post, "/v1/chat/completions",
            $$"""{"model":"apikey/claude-3-7-us","reasoning_effort":"low","max_tokens":4096,"tools":{{tools}},"messages":[{"role":"user","content":"call get_weather city=Lima"}]}""");
        Assert.True(first.Status == 200, first.Text);
        var call = first.Body.GetProperty("choices")[0].GetProperty("message").GetProperty("tool_calls")[0];

        // A client that drops the reasoning fields: Bedrock requires the thinking block first, so this must fail visibly.
        var second = await fx.SendAsync(HttpMethod.Post, "/v1/chat/completions",
            $$"""{"model":"apikey/claude-3-7-us","reasoning_effort":"low","max_tokens":4096,"tools":{{tools}},"messages":[{"role":"user","content":"call get_weather city=Lima"},{"role":"assistant","tool_calls":[{{call.GetRawText()}}]},{"role":"tool","tool_call_id":"{{call.GetProperty("id").GetString()}}","content":"cloudy"}]}""");

        Assert.Equal(400, second.Status);
        Assert.Equal("invalid_request_error", second.Body.GetProperty("error").GetProperty("type").GetString());
    }

    private static async Task<(string Text, List<ChatToolCall> Calls, ChatFinishReason? Finish)> StreamAsync(ChatClient client, List<ChatMessage> messages, ChatCompletionOptions options)
    {
        var text = new StringBuilder();
        var ids = new Dictionary<int, string>();
        var names = new Dictionary<int, string>();
        var args = new Dictionary<int, StringBuilder>();
        ChatFinishReason? finish = null;
        await foreach (var update in client.CompleteChatStreamingAsync(messages, options))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            foreach (var tc in update.ToolCallUpdates)
            {
                if (tc.ToolCallId is { } id) ids[tc.Index] = id;
                if (tc.FunctionName is { } name) names[tc.Index] = name;
                if (!args.TryGetValue(tc.Index, out var sb)) args[tc.Index] = sb = new StringBuilder();
                if (tc.FunctionArgumentsUpdate is { } a && !a.ToMemory().IsEmpty) sb.Append(a.ToString());
            }

            finish ??= update.FinishReason;
        }

        var calls = new List<ChatToolCall>();
        foreach (var (index, id) in ids)
        {
            calls.Add(ChatToolCall.CreateFunctionToolCall(id, names[index], BinaryData.FromString(args[index].ToString())));
        }

        return (text.ToString(), calls, finish);
    }

    private async Task<string> PostStreamAsync(string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, fx.BaseUrl + "/v1/chat/completions") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fx.UserToken);
        using var response = await fx.Http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    internal static List<(string? Event, string Data)> SseEvents(string text)
    {
        var events = new List<(string?, string)>();
        foreach (var block in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            string? name = null;
            var data = new StringBuilder();
            foreach (var line in block.Split('\n'))
            {
                if (line.StartsWith("event:", StringComparison.Ordinal)) name = line[6..].Trim();
                else if (line.StartsWith("data:", StringComparison.Ordinal)) data.Append(line[5..].TrimStart());
            }

            events.Add((name, data.ToString()));
        }

        return events;
    }
}
