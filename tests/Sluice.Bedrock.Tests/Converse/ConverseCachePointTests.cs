using System.Text.Json;
using Sluice.Bedrock.Catalogue;
using Sluice.Bedrock.Converse;
using Sluice.Core.Chat;
using static Sluice.Bedrock.Tests.Converse.ConverseTestData;

namespace Sluice.Bedrock.Tests.Converse;

/// <summary>cache_control markers and automatic caching, as the cachePoint blocks that reach Bedrock.</summary>
public class ConverseCachePointTests
{
    private static readonly ConverseOptions Sonnet45 = Catalogued("anthropic.claude-sonnet-4-5-20250929-v1:0");
    private static readonly ConverseOptions Sonnet37 = Catalogued("anthropic.claude-3-7-sonnet-20250219-v1:0");
    private static readonly ConverseOptions NovaPro = Catalogued("amazon.nova-pro-v1:0");
    private static readonly ConverseOptions Llama = Catalogued("meta.llama3-3-70b-instruct-v1:0");
    private static readonly ConverseOptions Claude3Haiku = Catalogued("anthropic.claude-3-haiku-20240307-v1:0");

    private static readonly CacheControl Mark = CacheControl.Ephemeral;

    private static ConverseOptions Catalogued(string id) => new(id, BedrockCatalogue.Find(id)!.Capabilities);

    private static ChatMessage MarkedUser(string text) => new() { Role = ChatRole.User, Content = [new TextPart(text) { CacheControl = Mark }] };

    private static ChatMessage MarkedSystem(string text, CacheControl? mark = null) =>
        new() { Role = ChatRole.System, Content = [new TextPart(text) { CacheControl = mark ?? Mark }] };

    private static ChatRequest WithTools(ChatRequest request, params ToolDefinition[] tools) =>
        new() { Model = request.Model, Messages = request.Messages, Tools = [.. tools] };

    private static int CachePoints(string json) => json.Split("\"cachePoint\"").Length - 1;

    [Fact]
    public void Write_MarkersOnToolSystemAndUserPart_CachePointAfterEachBlock()
    {
        var request = WithTools(
            Request(MarkedSystem("Rules."), new ChatMessage { Role = ChatRole.User, Content = [new TextPart("Doc") { CacheControl = Mark }, new TextPart("Question?")] }),
            Tool("f", """{"type":"object"}""") with { CacheControl = Mark });

        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"text":"Doc"},{"cachePoint":{"type":"default"}},{"text":"Question?"}]}]""" +
            ""","system":[{"text":"Rules."},{"cachePoint":{"type":"default"}}]""" +
            ""","toolConfig":{"tools":[{"toolSpec":{"name":"f","description":"Gets f","inputSchema":{"json":{"type":"object"}}}},{"cachePoint":{"type":"default"}}]}}""",
            Write(request, Sonnet45));
    }

    [Fact]
    public void Write_MarkedMessageAndItsMarkedLastPart_OneCachePoint()
    {
        var message = new ChatMessage { Role = ChatRole.User, Content = [new TextPart("Doc") { CacheControl = Mark }], CacheControl = Mark };

        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"text":"Doc"},{"cachePoint":{"type":"default"}}]}]}""",
            Write(Request(message), Sonnet45));
    }

    [Fact]
    public void Write_MarkedToolResultMessage_CachePointAfterTheToolResultBlock()
    {
        var result = new ChatMessage { Role = ChatRole.Tool, ToolCallId = "c1", Content = [new TextPart("18C") { CacheControl = Mark }] };
        var request = WithTools(Request(User("Weather?"), AssistantCalls(new ToolCall("c1", "f", "{}")), result), Tool("f", """{"type":"object"}"""));

        var json = Write(request, Sonnet45);

        Assert.Contains("""{"toolResult":{"toolUseId":"c1","content":[{"text":"18C"}]}},{"cachePoint":{"type":"default"}}]""", json, StringComparison.Ordinal);
        Assert.Equal(1, CachePoints(json));
    }

    [Theory]
    [InlineData("meta.llama3-3-70b-instruct-v1:0")]
    [InlineData("anthropic.claude-3-haiku-20240307-v1:0")]
    public void Write_MarkersOnModelWithoutCaching_NoCachePointAnywhere(string modelId)
    {
        var options = modelId.StartsWith("meta", StringComparison.Ordinal) ? Llama : Claude3Haiku;
        var request = WithTools(Request(MarkedSystem("Rules."), MarkedUser("Hi")), Tool("f", """{"type":"object"}""") with { CacheControl = Mark });

        var json = Write(request, options with { PromptCaching = PromptCachingMode.Auto });

        Assert.Equal(0, CachePoints(json));
        Assert.Contains("""{"text":"Hi"}""", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NovaToolMarker_DroppedWhileSystemMarkerKept()
    {
        var request = WithTools(Request(MarkedSystem("Rules."), User("Hi")), Tool("f", """{"type":"object"}""") with { CacheControl = Mark });

        var json = Write(request, NovaPro);

        Assert.Contains("""{"text":"Rules."},{"cachePoint":{"type":"default"}}]""", json, StringComparison.Ordinal);
        Assert.Equal(1, CachePoints(json));
    }

    [Fact]
    public void Write_SixMarkers_KeepsTheLastFour()
    {
        var messages = new List<ChatMessage>();
        for (var i = 0; i < 3; i++)
        {
            messages.Add(MarkedUser("q" + i));
            messages.Add(new ChatMessage { Role = ChatRole.Assistant, Content = [new TextPart("a" + i) { CacheControl = Mark }] });
        }

        var json = Write(new ChatRequest { Model = "a/m", Messages = messages }, Sonnet45);

        Assert.Equal(4, CachePoints(json));
        Assert.Contains("""{"text":"q0"}]}""", json, StringComparison.Ordinal);
        Assert.Contains("""{"text":"a0"}]}""", json, StringComparison.Ordinal);
        Assert.Contains("""{"text":"a2"},{"cachePoint":{"type":"default"}}""", json, StringComparison.Ordinal);
        Assert.Contains("""{"text":"q1"},{"cachePoint":{"type":"default"}}""", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_OneHourTtl_WrittenWhereTheModelOffersItElseDefault()
    {
        var request = Request(MarkedSystem("Rules.", CacheControl.OneHour), User("Hi"));

        Assert.Contains("""{"cachePoint":{"type":"default","ttl":"1h"}}""", Write(request, Sonnet45), StringComparison.Ordinal);
        Assert.Contains("""{"text":"Rules."},{"cachePoint":{"type":"default"}}]""", Write(request, Sonnet37), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_OneHourAfterFiveMinutePoint_WrittenAsFiveMinutes()
    {
        var user = new ChatMessage { Role = ChatRole.User, Content = [new TextPart("Doc") { CacheControl = CacheControl.OneHour }] };
        var request = Request(MarkedSystem("Rules."), user);

        var json = Write(request, Sonnet45);

        Assert.Equal(2, CachePoints(json));
        Assert.DoesNotContain("1h", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_AutoWithLongPrompt_PointsAfterToolsSystemAndLatestTurn()
    {
        var longText = new string('x', 1024 * ConverseCachePlan.CharsPerToken);
        var tool = new ToolDefinition("lookup", longText, JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone());
        var request = WithTools(Request(SystemMessage(longText), User("first " + longText), Assistant("ok"), User("second " + longText)), tool);

        var json = Write(request, Sonnet45 with { PromptCaching = PromptCachingMode.Auto });

        Assert.Equal(3, CachePoints(json));
        Assert.Contains("""{"json":{"type":"object"}}}},{"cachePoint":{"type":"default"}}]""", json, StringComparison.Ordinal);
        Assert.Contains(longText + "\"}," + """{"cachePoint":{"type":"default"}}],"toolConfig""", json, StringComparison.Ordinal);
        Assert.Contains("second " + longText + "\"}," + """{"cachePoint":{"type":"default"}}]}]""", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_AutoWithShortPrompt_NoCachePoint()
    {
        var request = Request(SystemMessage("Be brief."), User("Hi"));

        var json = Write(request, Sonnet45 with { PromptCaching = PromptCachingMode.Auto });

        Assert.Equal(0, CachePoints(json));
    }

    [Fact]
    public void Write_AutoBelowMinimumForHaiku45ButAboveForSonnet_OnlySonnetCaches()
    {
        // 2,000 estimated tokens: above Sonnet 4.5's 1,024 minimum, below Haiku 4.5's 4,096.
        var request = Request(SystemMessage(new string('y', 2000 * ConverseCachePlan.CharsPerToken)), User("Hi"));
        var haiku = Catalogued("anthropic.claude-haiku-4-5-20251001-v1:0") with { PromptCaching = PromptCachingMode.Auto };

        Assert.Equal(1, CachePoints(Write(request, Sonnet45 with { PromptCaching = PromptCachingMode.Auto })));
        Assert.Equal(0, CachePoints(Write(request, haiku)));
    }

    [Fact]
    public void Write_CachingOff_CallerMarkersDropped()
    {
        var request = Request(MarkedSystem("Rules."), MarkedUser("Hi"));

        Assert.Equal(0, CachePoints(Write(request, Sonnet45 with { PromptCaching = PromptCachingMode.Off })));
    }

    [Fact]
    public void Write_UnknownAnthropicModel_MarkersSentAsForClaude()
    {
        var request = Request(MarkedSystem("Rules."), User("Hi"));

        Assert.Equal(1, CachePoints(Write(request, ConverseOptions.Permissive("anthropic.claude-opus-9-v1:0"))));
        Assert.Equal(0, CachePoints(Write(request, ConverseOptions.Permissive("qwen.qwen3-coder-30b-a3b-v1:0"))));
    }

    [Fact]
    public void Write_MarkedAssistantTurnWithOnlyReasoning_NoCachePointAfterIt()
    {
        // Bedrock refuses a cache point right after a reasoning block.
        var thinking = new ChatMessage { Role = ChatRole.Assistant, Reasoning = new ReasoningContent("hm", "sig"), CacheControl = Mark };
        var request = Request(User("q"), thinking, User("go on"));

        var json = Write(request, Sonnet45);

        Assert.Contains("reasoningContent", json, StringComparison.Ordinal);
        Assert.Equal(0, CachePoints(json));
    }

    [Fact]
    public void Write_MarkedAssistantTurnWithReasoningAndText_CachePointAfterTheText()
    {
        var turn = new ChatMessage { Role = ChatRole.Assistant, Reasoning = new ReasoningContent("hm", "sig"), Content = [new TextPart("answer")], CacheControl = Mark };

        var json = Write(Request(User("q"), turn, User("go on")), Sonnet45);

        Assert.Contains("""{"text":"answer"},{"cachePoint":{"type":"default"}}]""", json, StringComparison.Ordinal);
    }
}
