using System.Net;
using System.Text.Json;
using Sluice.Core.Chat;
using Sluice.Gateway.Tests.OpenAi.TestHost;
using CoreFinish = Sluice.Core.Chat.FinishReason;
using CoreUsage = Sluice.Core.Chat.Usage;

namespace Sluice.Gateway.Tests.OpenAi;

/// <summary>Golden cases sent as raw JSON, checking what reaches the provider and what comes back on the wire.</summary>
public sealed class RequestParsingTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Chat_ReasoningContent_RoundTripsFromResponseIntoTheNextTurn()
    {
        _gateway.Provider.OnChat = (_, _) => Task.FromResult(new ChatResponse
        {
            ToolCalls = [new ToolCall("call_1", "lookup", """{"q":"x"}""")],
            Reasoning = new ReasoningContent("I should look it up.", "sig-123"),
            FinishReason = CoreFinish.ToolCalls,
            Usage = new CoreUsage(5, 5, ReasoningTokens: 3),
            Upstream = FakeProvider.DefaultUpstream,
        });
        using var first = await _gateway.PostAsync("/v1/chat/completions",
            """{"model":"acme/chat","reasoning_effort":"high","messages":[{"role":"user","content":"find x"}],"tools":[{"type":"function","function":{"name":"lookup"}}]}""");
        var firstRoot = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        var message = firstRoot.GetProperty("choices")[0].GetProperty("message");
        Assert.Equal(3, firstRoot.GetProperty("usage").GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt32());
        Assert.Equal(JsonValueKind.Null, message.GetProperty("content").ValueKind);
        Assert.Equal("I should look it up.", message.GetProperty("reasoning_content").GetString());
        Assert.Equal("sig-123", message.GetProperty("reasoning_signature").GetString());

        // The client echoes the assistant message back unchanged, as documented, followed by the tool result.
        var second = $$$"""
            {"model":"acme/chat","messages":[
              {"role":"user","content":"find x"},
              {{{message.GetRawText()}}},
              {"role":"tool","tool_call_id":"call_1","content":[{"type":"text","text":"x=1"}]}],
             "tools":[{"type":"function","function":{"name":"lookup"}}]}
            """;
        using var response = await _gateway.PostAsync("/v1/chat/completions", second);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var assistant = _gateway.Provider.LastChat!.Messages[1];
        Assert.Equal(ChatRole.Assistant, assistant.Role);
        Assert.Equal(new ReasoningContent("I should look it up.", "sig-123"), assistant.Reasoning);
        Assert.Equal("lookup", Assert.Single(assistant.ToolCalls!).Name);
        Assert.Empty(assistant.Content);
    }

    [Fact]
    public async Task Chat_ThinkingBlocks_AreAcceptedAsReasoning()
    {
        using var response = await _gateway.PostAsync("/v1/chat/completions", """
            {"model":"acme/chat","messages":[{"role":"user","content":"q"},
             {"role":"assistant","content":"a","thinking_blocks":[{"type":"thinking","thinking":"hmm","signature":"s1"},{"type":"redacted_thinking","data":"opaque"}]},
             {"role":"user","content":"q2"}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new ReasoningContent("hmm", "s1", "opaque"), _gateway.Provider.LastChat!.Messages[1].Reasoning);
    }

    [Fact]
    public async Task Chat_ToolHistoryWithoutTools_IsAcceptedAndKeptForTheProvider()
    {
        using var response = await _gateway.PostAsync("/v1/chat/completions", """
            {"model":"acme/chat","messages":[
              {"content":"Weather?","role":"user"},
              {"role":"assistant","content":null,"tool_calls":[{"id":"call_7","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}}]},
              {"role":"tool","tool_call_id":"call_7","content":"Sunny"},
              {"role":"user","content":"Thanks, and summarise."}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = _gateway.Provider.LastChat!;
        Assert.Null(sent.Tools);
        Assert.Equal("call_7", sent.Messages[1].ToolCalls![0].Id);
        Assert.Equal("""{"city":"Oslo"}""", sent.Messages[1].ToolCalls![0].ArgumentsJson);
        Assert.Equal("call_7", sent.Messages[2].ToolCallId);
    }

    [Theory]
    [InlineData("\"max_tokens\":77", 77)]
    [InlineData("\"max_completion_tokens\":88", 88)]
    [InlineData("\"max_tokens\":99,\"max_completion_tokens\":99", 99)]
    [InlineData("\"max_tokens\":null", null)]
    public async Task Chat_MaxTokensAliases_BothBecomeMaxTokens(string fragment, int? expected)
    {
        using var response = await _gateway.PostAsync("/v1/chat/completions",
            "{\"model\":\"acme/chat\"," + fragment + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, _gateway.Provider.LastChat!.MaxTokens);
    }

    [Fact]
    public async Task Chat_AllSupportedParameters_ReachTheProvider()
    {
        using var response = await _gateway.PostAsync("/v1/chat/completions", """
            {"model":"acme/chat","temperature":0.5,"top_p":0.9,"stop":"END","user":"u-1","metadata":{"team":"ml"},
             "parallel_tool_calls":false,"tool_choice":"required","response_format":{"type":"json_object"},
             "tools":[{"type":"function","function":{"name":"f","description":"d","parameters":{"type":"object"},"strict":true}}],
             "messages":[{"role":"developer","content":[{"type":"text","text":"rules"}]},{"role":"user","name":"al","content":[{"type":"text","text":""},{"type":"text","text":"hi"}]}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = _gateway.Provider.LastChat!;
        Assert.Equal((0.5f, 0.9f), (sent.Temperature, sent.TopP));
        Assert.Equal(["END"], sent.Stop!);
        Assert.Equal(("u-1", "ml"), (sent.User, sent.Metadata!["team"]));
        Assert.Equal(false, sent.ParallelToolCalls);
        Assert.Equal(ToolChoiceKind.Required, sent.ToolChoice!.Value.Kind);
        Assert.Equal(ResponseFormatKind.JsonObject, sent.ResponseFormat!.Kind);
        Assert.Equal(new ToolDefinition("f", "d", null, true) with { Parameters = sent.Tools![0].Parameters }, sent.Tools[0]);
        Assert.Equal(ChatRole.Developer, sent.Messages[0].Role);
        // The empty text part is dropped: upstreams reject empty text blocks.
        Assert.Equal("hi", Assert.IsType<TextPart>(Assert.Single(sent.Messages[1].Content)).Text);
        Assert.Equal("al", sent.Messages[1].Name);
        Assert.False(sent.Stream);
    }

    [Fact]
    public async Task Chat_EscapedDataUrl_IsDecoded()
    {
        var escaped = TestImages.PngDataUrl.Replace("/", "\\/");
        using var response = await _gateway.PostAsync("/v1/chat/completions",
            "{\"model\":\"acme/chat\",\"messages\":[{\"role\":\"user\",\"content\":[{\"image_url\":{\"url\":\"" + escaped + "\"},\"type\":\"image_url\"}]}]}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var image = Assert.IsType<ImagePart>(_gateway.Provider.LastChat!.Messages[0].Content[0]);
        Assert.Equal(TestImages.Png, image.Data.ToArray());
    }

    [Fact]
    public async Task Chat_NonStreamingResponse_HasOpenAiShape()
    {
        using var response = await _gateway.PostAsync("/v1/chat/completions", """{"model":"acme/chat","messages":[{"role":"user","content":"hi"}]}""");

        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("chat.completion", root.GetProperty("object").GetString());
        Assert.True(root.GetProperty("created").GetInt64() > 1_700_000_000);
        var choice = root.GetProperty("choices")[0];
        Assert.Equal(0, choice.GetProperty("index").GetInt32());
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        Assert.False(choice.GetProperty("message").TryGetProperty("tool_calls", out _));
        var usage = root.GetProperty("usage");
        Assert.Equal(15, usage.GetProperty("total_tokens").GetInt32());
        // The provider gave no reasoning count: the field is left out rather than claiming 0.
        Assert.False(usage.TryGetProperty("completion_tokens_details", out _));
    }
}
