using System.Text.Json;
using System.Text.RegularExpressions;
using Sluice.Anthropic.Translation;
using Sluice.Core.Chat;

namespace Sluice.Anthropic.Tests.Translation;

public class MessagesResponseWriterTests
{
    private static readonly UpstreamInfo Upstream = new("amazon.nova-pro-v1:0", "us-east-1");

    private static string Write(ChatResponse response, out string id)
    {
        var json = System.Text.Encoding.UTF8.GetString(MessagesResponseWriter.FromChatResponse(response, "claude-haiku-4-5"));
        id = JsonDocument.Parse(json).RootElement.GetProperty("id").GetString()!;
        return json;
    }

    [Fact]
    public void FromChatResponse_TextAnswer_GoldenJson()
    {
        var json = Write(new ChatResponse
        {
            Text = "Héllo <world>",
            FinishReason = FinishReason.Stop,
            Usage = new Usage(100, 7, CachedTokens: 60, CacheWriteTokens: 30) { CacheWrite1hTokens = 10 },
            Upstream = Upstream,
        }, out var id);

        Assert.Matches(new Regex("^msg_01[0-9A-Za-z]{22}$"), id);
        Assert.Equal(
            "{\"id\":\"" + id + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-haiku-4-5\"," +
            "\"content\":[{\"type\":\"text\",\"text\":\"Héllo <world>\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null," +
            "\"usage\":{\"input_tokens\":10,\"cache_creation_input_tokens\":30,\"cache_read_input_tokens\":60," +
            "\"cache_creation\":{\"ephemeral_5m_input_tokens\":20,\"ephemeral_1h_input_tokens\":10},\"output_tokens\":7}}",
            json);
    }

    [Fact]
    public void FromChatResponse_ThinkingTextAndToolCall_InAnthropicOrder()
    {
        var json = Write(new ChatResponse
        {
            Text = "Let me check.",
            Reasoning = new ReasoningContent("User wants weather.", "c2ln"),
            ToolCalls = [new ToolCall("tooluse_1", "get_weather", """{"city":"Paris"}"""), new ToolCall("tooluse_2", "noop", "")],
            FinishReason = FinishReason.ToolCalls,
            Usage = new Usage(12, 5),
            Upstream = Upstream,
        }, out _);

        using var doc = JsonDocument.Parse(json);
        var content = doc.RootElement.GetProperty("content");
        Assert.Equal("""{"type":"thinking","thinking":"User wants weather.","signature":"c2ln"}""", content[0].GetRawText());
        Assert.Equal("""{"type":"text","text":"Let me check."}""", content[1].GetRawText());
        Assert.Equal("""{"type":"tool_use","id":"tooluse_1","name":"get_weather","input":{"city":"Paris"}}""", content[2].GetRawText());
        Assert.Equal("""{"type":"tool_use","id":"tooluse_2","name":"noop","input":{}}""", content[3].GetRawText());
        Assert.Equal("tool_use", doc.RootElement.GetProperty("stop_reason").GetString());
    }

    [Theory]
    [InlineData(FinishReason.Stop, "end_turn")]
    [InlineData(FinishReason.Length, "max_tokens")]
    [InlineData(FinishReason.ToolCalls, "tool_use")]
    [InlineData(FinishReason.ContentFilter, "refusal")]
    public void FromChatResponse_FinishReason_MapsToStopReason(FinishReason reason, string expected)
    {
        var json = Write(new ChatResponse { Text = "x", FinishReason = reason, Usage = new Usage(1, 1), Upstream = Upstream }, out _);

        Assert.Equal(expected, JsonDocument.Parse(json).RootElement.GetProperty("stop_reason").GetString());
    }

    [Fact]
    public void FromChatResponse_TwoCalls_GetDifferentIds()
    {
        var response = new ChatResponse { Text = "x", FinishReason = FinishReason.Stop, Usage = new Usage(1, 1), Upstream = Upstream };
        Write(response, out var first);
        Write(response, out var second);

        Assert.NotEqual(first, second);
    }
}
