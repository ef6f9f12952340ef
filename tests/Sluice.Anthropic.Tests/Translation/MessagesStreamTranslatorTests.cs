using System.Text;
using Sluice.Anthropic.Translation;
using Sluice.Core.Chat;
using Sluice.Core.Messages;

namespace Sluice.Anthropic.Tests.Translation;

public class MessagesStreamTranslatorTests
{
    private const string Zero = "\"usage\":{\"input_tokens\":0,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"cache_creation\":{\"ephemeral_5m_input_tokens\":0,\"ephemeral_1h_input_tokens\":0},\"output_tokens\":0}";

    private static List<string> Run(params ChatStreamUpdate[] updates)
    {
        var state = new MessagesStreamState("claude-haiku-4-5", "msg_01Test");
        var events = new List<MessagesEvent>();
        foreach (var update in updates) MessagesStreamTranslator.Translate(update, state, events);
        MessagesStreamTranslator.Complete(state, events);
        // The event type must be the JSON's own type: the SSE "event:" line is written from it.
        foreach (var e in events) Assert.StartsWith("{\"type\":\"" + e.Type + "\"", Encoding.UTF8.GetString(e.Data.Span));
        return events.ConvertAll(e => "event: " + e.Type + "\ndata: " + Encoding.UTF8.GetString(e.Data.Span));
    }

    [Fact]
    public void Translate_TextStream_GoldenEventSequence()
    {
        var events = Run(
            ChatStreamUpdate.TextDelta("Hello"),
            ChatStreamUpdate.TextDelta(", world"),
            ChatStreamUpdate.Finish(FinishReason.Stop),
            ChatStreamUpdate.UsageReport(new Usage(25, 3, CachedTokens: 5)));

        Assert.Equal(
        [
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_01Test\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-haiku-4-5\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null," + Zero + "}}",
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\", world\"}}",
            "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}",
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"input_tokens\":20,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":5,\"cache_creation\":{\"ephemeral_5m_input_tokens\":0,\"ephemeral_1h_input_tokens\":0},\"output_tokens\":3}}",
            "event: message_stop\ndata: {\"type\":\"message_stop\"}",
        ], events);
    }

    [Fact]
    public void Translate_ToolCallStream_GoldenEventSequence()
    {
        var events = Run(
            ChatStreamUpdate.TextDelta("Checking."),
            ChatStreamUpdate.ToolCallStart(0, "tooluse_abc", "get_weather"),
            ChatStreamUpdate.ToolCallArguments(0, "{\"city\":"),
            ChatStreamUpdate.ToolCallArguments(0, "\"Paris\"}"),
            ChatStreamUpdate.Finish(FinishReason.ToolCalls),
            ChatStreamUpdate.UsageReport(new Usage(40, 12)));

        Assert.Equal(
        [
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_01Test\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-haiku-4-5\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null," + Zero + "}}",
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Checking.\"}}",
            "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}",
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"tooluse_abc\",\"name\":\"get_weather\",\"input\":{}}}",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\":\"}}",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Paris\\\"}\"}}",
            "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}",
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"input_tokens\":40,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"cache_creation\":{\"ephemeral_5m_input_tokens\":0,\"ephemeral_1h_input_tokens\":0},\"output_tokens\":12}}",
            "event: message_stop\ndata: {\"type\":\"message_stop\"}",
        ], events);
    }

    [Fact]
    public void Translate_ThinkingThenText_ThinkingBlockWithSignatureFirst()
    {
        var events = Run(
            ChatStreamUpdate.ReasoningDelta("Let me think"),
            ChatStreamUpdate.ReasoningSignatureDelta("EqQB"),
            ChatStreamUpdate.TextDelta("42"),
            ChatStreamUpdate.Finish(FinishReason.Stop));

        Assert.Equal("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}", events[1]);
        Assert.Equal("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Let me think\"}}", events[2]);
        Assert.Equal("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"EqQB\"}}", events[3]);
        Assert.Equal("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}", events[4]);
        Assert.Equal("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}", events[5]);
    }

    [Fact]
    public void Translate_LengthFinishWithoutUsage_MaxTokensAndZeroUsage()
    {
        var events = Run(ChatStreamUpdate.TextDelta("cut"), ChatStreamUpdate.Finish(FinishReason.Length));

        Assert.Contains("\"stop_reason\":\"max_tokens\"", events[^2]);
        Assert.Contains("\"output_tokens\":0", events[^2]);
    }

    [Fact]
    public void Complete_EmptyStream_StillAWholeMessage()
    {
        var events = Run();

        Assert.Equal(3, events.Count);
        Assert.StartsWith("event: message_start", events[0]);
        Assert.Contains("\"stop_reason\":\"end_turn\"", events[1]);
        Assert.StartsWith("event: message_stop", events[2]);
    }

    [Fact]
    public void Complete_CalledTwice_AddsNothingMore()
    {
        var state = new MessagesStreamState("m");
        var events = new List<MessagesEvent>();
        MessagesStreamTranslator.Complete(state, events);
        var count = events.Count;

        MessagesStreamTranslator.Complete(state, events);
        MessagesStreamTranslator.Translate(ChatStreamUpdate.TextDelta("late"), state, events);

        Assert.Equal(count, events.Count);
        Assert.True(state.Completed);
    }
}
