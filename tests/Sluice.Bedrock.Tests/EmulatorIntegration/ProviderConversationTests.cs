using System.Text.Json;
using Sluice.Core.Chat;
using Sluice.Core.Errors;
using Sluice.Core.Providers;

namespace Sluice.Bedrock.Tests.EmulatorIntegration;

/// <summary>OpenAI-shaped conversations that Bedrock's stricter turn rules would reject unless the writer reshapes them.</summary>
public sealed class ProviderConversationTests : IClassFixture<EmulatorHost>
{
    private static readonly List<ToolDefinition> Tools =
    [
        new("get_weather", null, JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""").RootElement),
        new("get_time", null, JsonDocument.Parse("""{"type":"object","properties":{"zone":{"type":"string"}},"required":["zone"]}""").RootElement),
    ];

    private readonly EmulatorHost _host;

    public ProviderConversationTests(EmulatorHost host)
    {
        _host = host;
        host.Reset();
    }

    private IModelProvider Sonnet => _host.Provider(EmulatorHost.Sonnet35, EmulatorHost.User1);

    [Fact]
    public async Task ChatAsync_ParallelToolCallsAnsweredByTwoToolMessages_BothResultsReachModel()
    {
        var user = User("call get_weather city=Paris call get_time zone=CET");
        var first = await Sonnet.ChatAsync(Request([user]), default);
        Assert.Equal(2, first.ToolCalls!.Count);

        var second = await Sonnet.ChatAsync(Request(
        [
            user,
            new ChatMessage { Role = ChatRole.Assistant, ToolCalls = first.ToolCalls },
            Tool(first.ToolCalls[0].Id, "sunny"),
            Tool(first.ToolCalls[1].Id, "noon"),
        ]), default);

        Assert.Contains("sunny", second.Text, StringComparison.Ordinal);
        Assert.Contains("noon", second.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatAsync_ToolResultThenUserText_MergedIntoOneUserTurn()
    {
        var user = User("call get_weather city=Paris");
        var first = await Sonnet.ChatAsync(Request([user]), default);

        var second = await Sonnet.ChatAsync(Request(
        [
            user,
            new ChatMessage { Role = ChatRole.Assistant, ToolCalls = first.ToolCalls },
            Tool(first.ToolCalls![0].Id, "cloudy"),
            User("and tomorrow?"),
        ]), default);

        Assert.Contains("cloudy", second.Text, StringComparison.Ordinal);
        Assert.Contains("and tomorrow?", second.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatAsync_AssistantTextWithToolCall_TextAndCallBothKept()
    {
        var user = User("call get_weather city=Oslo");
        var first = await Sonnet.ChatAsync(Request([user]), default);

        var second = await Sonnet.ChatAsync(Request(
        [
            user,
            new ChatMessage { Role = ChatRole.Assistant, Content = [new TextPart("Let me check.")], ToolCalls = first.ToolCalls },
            Tool(first.ToolCalls![0].Id, "snow"),
        ]), default);

        Assert.Contains("snow", second.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatAsync_ConsecutiveUserMessagesAndSystemPrompts_Accepted()
    {
        var response = await Sonnet.ChatAsync(Request(
        [
            new ChatMessage { Role = ChatRole.System, Content = [new TextPart("Be brief.")] },
            new ChatMessage { Role = ChatRole.Developer, Content = [new TextPart("Answer in English.")] },
            User("first part"),
            User("second part"),
        ], tools: null), default);

        Assert.Contains("second part", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatAsync_StopSequence_TextCutAndStopReason()
    {
        var response = await Sonnet.ChatAsync(new ChatRequest
        {
            Model = "acct/sonnet",
            Messages = [User("one two STOP three")],
            Stop = ["STOP"],
        }, default);

        Assert.Equal(FinishReason.Stop, response.FinishReason);
        Assert.Equal("one two", response.Text!.Trim());
    }

    [Fact]
    public async Task ChatAsync_UnicodeText_RoundTripsIntact()
    {
        var response = await Sonnet.ChatAsync(Request([User("héllo wörld 你好 🚀 \"quoted\" back\\slash")], tools: null), default);

        Assert.Contains("héllo wörld 你好 🚀 \"quoted\" back\\slash", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatAsync_ToolResultForUnknownCallId_ValidationErrorNotCrash()
    {
        var e = await Assert.ThrowsAsync<GatewayException>(() => Sonnet.ChatAsync(Request(
        [
            User("hello"),
            new ChatMessage { Role = ChatRole.Assistant, Content = [new TextPart("hi")] },
            Tool("tooluse_nope", "result"),
        ]), default));

        Assert.Equal(400, e.Error.Status);
    }

    [Fact]
    public async Task ChatAsync_ToolChoiceNoneWithToolHistory_HistoryAcceptedAndRequestToolsNotOffered()
    {
        var user = User("call get_weather city=Paris");
        var first = await Sonnet.ChatAsync(Request([user]), default);

        var second = await Sonnet.ChatAsync(new ChatRequest
        {
            Model = "acct/model",
            Messages =
            [
                user,
                new ChatMessage { Role = ChatRole.Assistant, ToolCalls = first.ToolCalls },
                Tool(first.ToolCalls![0].Id, "sunny"),
                User("now call get_time zone=CET"),
            ],
            Tools = Tools,
            ToolChoice = ToolChoice.None,
        }, default);

        // Converse has no "none" choice; the history forces a toolConfig, which must then declare only the tools already used.
        Assert.Null(second.ToolCalls);
        Assert.Equal(FinishReason.Stop, second.FinishReason);
        using var sent = JsonDocument.Parse(_host.Stats.LastRequest!.Body);
        var declared = sent.RootElement.GetProperty("toolConfig").GetProperty("tools");
        Assert.Equal("get_weather", Assert.Single(declared.EnumerateArray()).GetProperty("toolSpec").GetProperty("name").GetString());
        Assert.False(sent.RootElement.GetProperty("toolConfig").TryGetProperty("toolChoice", out _));
    }

    [Fact]
    public async Task ChatAsync_ToolChoiceRequired_SomeToolCalled()
    {
        var response = await Sonnet.ChatAsync(new ChatRequest
        {
            Model = "acct/model",
            Messages = [User("no instructions here")],
            Tools = Tools,
            ToolChoice = ToolChoice.Required,
        }, default);

        Assert.NotEmpty(response.ToolCalls!);
        Assert.Equal(FinishReason.ToolCalls, response.FinishReason);
    }

    private static ChatMessage User(string text) => new() { Role = ChatRole.User, Content = [new TextPart(text)] };

    private static ChatMessage Tool(string id, string text) => new() { Role = ChatRole.Tool, ToolCallId = id, Content = [new TextPart(text)] };

    private static ChatRequest Request(List<ChatMessage> messages, List<ToolDefinition>? tools = null) => new()
    {
        Model = "acct/model",
        Messages = messages,
        Tools = tools ?? Tools,
    };
}
