using System.Text;
using System.Text.Json;
using Sluice.Bedrock.Emulator;
using Sluice.Core.Chat;
using Sluice.Core.Errors;
using Sluice.Core.Providers;

namespace Sluice.Bedrock.Tests.EmulatorIntegration;

/// <summary>The provider end to end through the strict emulator: translation, tools, reasoning, structured output, images, streams.</summary>
public sealed class ProviderChatTests : IClassFixture<EmulatorHost>
{
    private static readonly JsonElement WeatherSchema = JsonDocument.Parse(
        """{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"}},"required":["city"]}""").RootElement;

    private static readonly JsonElement TimeSchema = JsonDocument.Parse(
        """{"type":"object","properties":{"zone":{"type":"string"}},"required":["zone"]}""").RootElement;

    private static readonly List<ToolDefinition> Tools =
    [
        new("get_weather", "Weather for a city", WeatherSchema),
        new("get_time", "Time in a zone", TimeSchema),
    ];

    private readonly EmulatorHost _host;

    public ProviderChatTests(EmulatorHost host)
    {
        _host = host;
        host.Reset();
    }

    private IModelProvider Sonnet => _host.Provider(EmulatorHost.Sonnet35, EmulatorHost.User1);

    private IModelProvider Claude37 => _host.Provider(EmulatorHost.Sonnet37Profile, _host.ApiKey, accountRegion: "us-east-1");

    [Fact]
    public async Task ChatAsync_ToolCallThenToolResult_AnswerIncludesResult()
    {
        var user = User("What is the weather? call get_weather city=Paris days=3");
        var first = await Sonnet.ChatAsync(Request([user], Tools), default);

        var call = Assert.Single(first.ToolCalls!);
        Assert.Equal(FinishReason.ToolCalls, first.FinishReason);
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("""{"city":"Paris","days":3}""", Canonical(call.ArgumentsJson));

        var second = await Sonnet.ChatAsync(Request(
            [user, new ChatMessage { Role = ChatRole.Assistant, ToolCalls = first.ToolCalls }, ToolResult(call.Id, "18C and sunny")], Tools), default);

        Assert.Equal(FinishReason.Stop, second.FinishReason);
        Assert.Contains("Tool result: 18C and sunny", second.Text, StringComparison.Ordinal);
        Assert.Null(second.ToolCalls);
    }

    [Fact]
    public async Task ChatAsync_ToolHistoryWithoutToolsInRequest_StillAccepted()
    {
        // Bedrock demands toolConfig whenever the history holds toolUse/toolResult blocks, even if the caller sent no tools.
        var user = User("call get_weather city=Rome");
        var first = await Sonnet.ChatAsync(Request([user], Tools), default);
        var call = Assert.Single(first.ToolCalls!);

        var second = await Sonnet.ChatAsync(Request(
            [user, new ChatMessage { Role = ChatRole.Assistant, ToolCalls = first.ToolCalls }, ToolResult(call.Id, "rainy")], tools: null), default);

        Assert.Contains("Tool result: rainy", second.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatAsync_ToolChoiceNone_NoToolCalledAndNoToolNamedNone()
    {
        var response = await Sonnet.ChatAsync(Request([User("call get_weather city=Paris")], Tools, ToolChoice.None), default);

        Assert.Null(response.ToolCalls);
        Assert.Equal(FinishReason.Stop, response.FinishReason);
        Assert.DoesNotContain("\"none\"", _host.Stats.LastRequest!.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatAsync_ToolChoiceFunction_ForcesThatTool()
    {
        var response = await Sonnet.ChatAsync(Request([User("anything")], Tools, ToolChoice.Function("get_time")), default);

        var call = Assert.Single(response.ToolCalls!);
        Assert.Equal("get_time", call.Name);
    }

    [Fact]
    public async Task ChatAsync_EmptyTextPartsInHistory_NotSentAsBlankBlocks()
    {
        var response = await Sonnet.ChatAsync(Request(
        [
            new ChatMessage { Role = ChatRole.System, Content = [new TextPart("")] },
            new ChatMessage { Role = ChatRole.User, Content = [new TextPart(""), new TextPart("real question")] },
        ]), default);

        Assert.Contains("real question", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartChatStreamAsync_TwoToolCalls_ArgumentsReassembledPerCall()
    {
        await using var stream = await Sonnet.StartChatStreamAsync(
            Request([User("call get_weather city=Paris days=2 call get_time zone=UTC")], Tools, stream: true), default);
        var updates = await ReadAll(stream);

        var starts = updates.Where(u => u.Kind == ChatStreamUpdateKind.ToolCallStart).ToList();
        Assert.Equal(["get_weather", "get_time"], starts.Select(s => s.ToolName));
        Assert.NotEqual(starts[0].ToolIndex, starts[1].ToolIndex);
        var weatherDeltas = updates.Where(u => u.Kind == ChatStreamUpdateKind.ToolCallArguments && u.ToolIndex == starts[0].ToolIndex).ToList();
        var timeDeltas = updates.Where(u => u.Kind == ChatStreamUpdateKind.ToolCallArguments && u.ToolIndex == starts[1].ToolIndex).ToList();
        Assert.True(weatherDeltas.Count > 1, "arguments should arrive in several deltas");
        Assert.Equal("""{"city":"Paris","days":2}""", Canonical(string.Concat(weatherDeltas.Select(d => d.Text))));
        Assert.Equal("""{"zone":"UTC"}""", Canonical(string.Concat(timeDeltas.Select(d => d.Text))));
        Assert.Equal(FinishReason.ToolCalls, updates.Single(u => u.Kind == ChatStreamUpdateKind.Finish).FinishReason);
    }

    [Fact]
    public async Task StartChatStreamAsync_Text_SeveralDeltasFinishAndUsage()
    {
        await using var stream = await Sonnet.StartChatStreamAsync(Request([User("alpha beta gamma delta")], stream: true), default);
        var updates = await ReadAll(stream);

        var texts = updates.Where(u => u.Kind == ChatStreamUpdateKind.Text).ToList();
        Assert.True(texts.Count >= 4);
        Assert.Equal("alpha beta gamma delta", string.Concat(texts.Select(t => t.Text)).Trim());
        Assert.Equal(FinishReason.Stop, updates.Single(u => u.Kind == ChatStreamUpdateKind.Finish).FinishReason);
        var usage = updates.Single(u => u.Kind == ChatStreamUpdateKind.Usage).Usage!;
        Assert.True(usage.PromptTokens > 0 && usage.CompletionTokens >= 4);
        Assert.Equal((EmulatorHost.Sonnet35, "us-east-1"), (stream.Upstream.ModelId, stream.Upstream.Region));
    }

    [Fact]
    public async Task StartChatStreamAsync_ThrottledMidStream_RateLimitErrorAndNoFinish()
    {
        _host.Emulator.Fixture.Model(EmulatorHost.Sonnet35).Knobs.Fault = EmulatorFault.StreamException;
        _host.Emulator.Fixture.Model(EmulatorHost.Sonnet35).Knobs.FaultAfterEvents = 3;

        await using var stream = await Sonnet.StartChatStreamAsync(Request([User("a b c d e f g")], stream: true), default);
        var updates = new List<ChatStreamUpdate>();
        var e = await Assert.ThrowsAsync<GatewayException>(async () =>
        {
            await foreach (var u in stream.ReadUpdatesAsync(default))
            {
                updates.Add(u);
            }
        });

        Assert.Equal(429, e.Error.Status);
        Assert.Equal(ErrorTypes.RateLimit, e.Error.Type);
        Assert.Equal("ThrottlingException", e.Error.Code);
        Assert.True(e.Error.Retryable);
        Assert.NotNull(e.Error.RetryAfter);
        Assert.Contains(updates, u => u.Kind == ChatStreamUpdateKind.Text);
        Assert.DoesNotContain(updates, u => u.Kind == ChatStreamUpdateKind.Finish);
    }

    [Fact]
    public async Task StartChatStreamAsync_ConnectionDropped_TruncatedErrorAndNoFinish()
    {
        _host.Emulator.Fixture.Model(EmulatorHost.Sonnet35).Knobs.Fault = EmulatorFault.DropConnection;

        await using var stream = await StartDespiteEarlyReset(() => Sonnet.StartChatStreamAsync(Request([User("a b c d e f g")], stream: true), default));
        var updates = new List<ChatStreamUpdate>();
        var e = await Assert.ThrowsAsync<GatewayException>(async () =>
        {
            await foreach (var u in stream.ReadUpdatesAsync(default))
            {
                updates.Add(u);
            }
        });

        Assert.Equal("StreamTruncated", e.Error.Code);
        Assert.True(e.Error.Status >= 500);
        Assert.DoesNotContain(updates, u => u.Kind == ChatStreamUpdateKind.Finish);
    }

    [Fact]
    public async Task ChatAsync_Throttled_RateLimit429WithRetryAfter()
    {
        _host.Emulator.Fixture.Model(EmulatorHost.Sonnet35).Knobs.Fault = EmulatorFault.Throttle;

        var e = await Assert.ThrowsAsync<GatewayException>(() => Sonnet.ChatAsync(Request([User("hi")]), default));

        Assert.Equal(429, e.Error.Status);
        Assert.Equal(ErrorTypes.RateLimit, e.Error.Type);
        Assert.True(e.Error.Retryable);
        Assert.NotNull(e.Error.RetryAfter);
    }

    [Theory]
    [InlineData(EmulatorFault.Internal, "InternalServerException")]
    [InlineData(EmulatorFault.Unavailable, "ServiceUnavailableException")]
    public async Task ChatAsync_ServerFault_RetryableUpstreamErrorKeepsName(EmulatorFault fault, string code)
    {
        _host.Emulator.Fixture.Model(EmulatorHost.Sonnet35).Knobs.Fault = fault;

        var e = await Assert.ThrowsAsync<GatewayException>(() => Sonnet.ChatAsync(Request([User("hi")]), default));

        Assert.Equal(code, e.Error.Code);
        Assert.True(e.Error.Status >= 500);
        Assert.True(e.Error.Retryable);
    }

    [Theory]
    [InlineData(OutputFilter.GuardrailIntervened)]
    [InlineData(OutputFilter.ContentFiltered)]
    public async Task ChatAsync_FilteredOutput_ContentFilterFinishReason(OutputFilter filter)
    {
        _host.Emulator.Fixture.Model(EmulatorHost.Sonnet35).Knobs.Filter = filter;

        var response = await Sonnet.ChatAsync(Request([User("something")]), default);
        await using var stream = await Sonnet.StartChatStreamAsync(Request([User("something")], stream: true), default);
        var updates = await ReadAll(stream);

        Assert.Equal(FinishReason.ContentFilter, response.FinishReason);
        Assert.Equal(FinishReason.ContentFilter, updates.Single(u => u.Kind == ChatStreamUpdateKind.Finish).FinishReason);
    }

    [Fact]
    public async Task ChatAsync_MaxTokensReached_LengthFinishReason()
    {
        var response = await Sonnet.ChatAsync(new ChatRequest
        {
            Model = "acct/sonnet",
            Messages = [User("one two three four five six")],
            MaxTokens = 3,
        }, default);

        Assert.Equal(FinishReason.Length, response.FinishReason);
        Assert.Equal("one two three", response.Text);
    }

    [Fact]
    public async Task ChatAsync_ReasoningThenToolTurn_SignatureKeptAndAccepted()
    {
        var user = User("check the weather call get_weather city=Oslo");
        var first = await Claude37.ChatAsync(Request([user], Tools, reasoning: "low"), default);

        Assert.NotNull(first.Reasoning);
        Assert.False(string.IsNullOrEmpty(first.Reasoning.Text));
        Assert.False(string.IsNullOrEmpty(first.Reasoning.Signature));
        var call = Assert.Single(first.ToolCalls!);
        Assert.Equal("us-east-1", first.Upstream.Region);

        var second = await Claude37.ChatAsync(Request(
        [
            user,
            new ChatMessage { Role = ChatRole.Assistant, ToolCalls = first.ToolCalls, Reasoning = first.Reasoning },
            ToolResult(call.Id, "minus 4C"),
        ], Tools, reasoning: "low"), default);

        Assert.Contains("Tool result: minus 4C", second.Text, StringComparison.Ordinal);
        Assert.NotNull(second.Reasoning?.Signature);
    }

    [Fact]
    public async Task ChatAsync_ReasoningSignatureLost_BedrockRejectsNextToolTurn()
    {
        // The control case for the test above: the emulator really checks the thinking block of the tool turn.
        var user = User("call get_weather city=Oslo");
        var first = await Claude37.ChatAsync(Request([user], Tools, reasoning: "low"), default);
        var call = Assert.Single(first.ToolCalls!);

        var e = await Assert.ThrowsAsync<GatewayException>(() => Claude37.ChatAsync(Request(
        [
            user,
            new ChatMessage { Role = ChatRole.Assistant, ToolCalls = first.ToolCalls },
            ToolResult(call.Id, "minus 4C"),
        ], Tools, reasoning: "low"), default));

        Assert.Equal(400, e.Error.Status);
        Assert.Equal("ValidationException", e.Error.Code);
    }

    [Fact]
    public async Task StartChatStreamAsync_Reasoning_SignatureStreamedAndReusableInNextTurn()
    {
        var user = User("call get_weather city=Lima");
        await using var stream = await Claude37.StartChatStreamAsync(Request([user], Tools, reasoning: "low", stream: true), default);
        var updates = await ReadAll(stream);

        var reasoningText = string.Concat(updates.Where(u => u.Kind == ChatStreamUpdateKind.Reasoning && u.Text is not null).Select(u => u.Text));
        var signature = string.Concat(updates.Where(u => u.ReasoningSignature is not null).Select(u => u.ReasoningSignature));
        Assert.NotEmpty(reasoningText);
        Assert.NotEmpty(signature);
        var start = updates.Single(u => u.Kind == ChatStreamUpdateKind.ToolCallStart);
        var args = string.Concat(updates.Where(u => u.Kind == ChatStreamUpdateKind.ToolCallArguments).Select(u => u.Text));

        var second = await Claude37.ChatAsync(Request(
        [
            user,
            new ChatMessage
            {
                Role = ChatRole.Assistant,
                ToolCalls = [new ToolCall(start.ToolCallId!, start.ToolName!, args)],
                Reasoning = new ReasoningContent(reasoningText, signature),
            },
            ToolResult(start.ToolCallId!, "warm"),
        ], Tools, reasoning: "low"), default);

        Assert.Contains("Tool result: warm", second.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatAsync_JsonSchema_AnswerIsObjectOfSchema()
    {
        var schema = JsonDocument.Parse(
            """{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"}},"required":["name","age"],"additionalProperties":false}""").RootElement;
        var request = new ChatRequest
        {
            Model = "acct/sonnet",
            Messages = [User("Describe Ada")],
            ResponseFormat = new ResponseFormat(ResponseFormatKind.JsonSchema, "person", schema),
        };

        var response = await Sonnet.ChatAsync(request, default);
        await using var stream = await Sonnet.StartChatStreamAsync(request, default);
        var streamed = string.Concat((await ReadAll(stream)).Where(u => u.Kind == ChatStreamUpdateKind.Text).Select(u => u.Text));

        foreach (var text in new[] { response.Text!, streamed })
        {
            using var doc = JsonDocument.Parse(text);
            Assert.Equal(JsonValueKind.String, doc.RootElement.GetProperty("name").ValueKind);
            Assert.Equal(JsonValueKind.Number, doc.RootElement.GetProperty("age").ValueKind);
        }
    }

    [Fact]
    public async Task ChatAsync_ImageInput_ModelSeesPngOfThatSize()
    {
        var response = await Sonnet.ChatAsync(Request(
        [
            new ChatMessage { Role = ChatRole.User, Content = [new TextPart("What is this?"), new ImagePart(TestPng.Create(7, 5), "image/png")] },
        ]), default);

        Assert.Contains("[image/png 7x5]", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatAsync_Usage_PromptAndCompletionCounted()
    {
        var response = await Sonnet.ChatAsync(Request([User("one two three")]), default);

        Assert.True(response.Usage.PromptTokens >= 3);
        Assert.Equal(3, response.Usage.CompletionTokens);
        Assert.Equal(0, response.Usage.CachedTokens);
    }

    /// <summary>See <see cref="ClientStreamTests.OpenDespiteEarlyReset"/>: a reset before the headers is retried.</summary>
    private static async Task<ChatStream> StartDespiteEarlyReset(Func<Task<ChatStream>> start)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await start();
            }
            catch (GatewayException e) when (attempt < 5 && e.Error.Code == "NetworkError")
            {
                Assert.True(e.Error.Retryable);
            }
        }
    }

    private static ChatMessage User(string text) => new() { Role = ChatRole.User, Content = [new TextPart(text)] };

    private static ChatMessage ToolResult(string id, string text) => new() { Role = ChatRole.Tool, ToolCallId = id, Content = [new TextPart(text)] };

    private static ChatRequest Request(List<ChatMessage> messages, List<ToolDefinition>? tools = null, ToolChoice? choice = null,
        string? reasoning = null, bool stream = false) => new()
    {
        Model = "acct/model",
        Messages = messages,
        Tools = tools,
        ToolChoice = choice,
        ReasoningEffort = reasoning,
        Stream = stream,
        IncludeUsage = stream,
    };

    private static async Task<List<ChatStreamUpdate>> ReadAll(ChatStream stream)
    {
        var updates = new List<ChatStreamUpdate>();
        await foreach (var u in stream.ReadUpdatesAsync(default))
        {
            updates.Add(u);
        }

        return updates;
    }

    /// <summary>Re-serializes JSON compactly so argument text can be compared regardless of spacing.</summary>
    private static string Canonical(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(doc.RootElement);
    }
}
