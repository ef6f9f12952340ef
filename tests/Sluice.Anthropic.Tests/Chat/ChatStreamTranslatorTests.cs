using System.Text;
using Sluice.Anthropic.Chat;
using Sluice.Core.Chat;

namespace Sluice.Anthropic.Tests.Chat;

/// <summary>Anthropic stream events as the chat updates a chat-completions caller receives.</summary>
public class ChatStreamTranslatorTests
{
    [Fact]
    public void FromMessagesEvent_TextToolAndUsage_UpdatesInOrder()
    {
        var state = new ChatStreamState();
        var updates = new List<ChatStreamUpdate>();
        (string Type, string Json)[] events =
        [
            ("message_start", """{"type":"message_start","message":{"usage":{"input_tokens":10,"cache_read_input_tokens":5,"output_tokens":1}}}"""),
            ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}"""),
            ("content_block_start", """{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_1","name":"f","input":{}}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"a\":1}"}}"""),
            ("message_delta", """{"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":7}}"""),
            ("message_stop", """{"type":"message_stop"}"""),
        ];

        foreach (var (type, json) in events) ChatStreamTranslator.FromMessagesEvent(type, Encoding.UTF8.GetBytes(json), state, updates);

        Assert.Equal(
            [ChatStreamUpdateKind.Text, ChatStreamUpdateKind.ToolCallStart, ChatStreamUpdateKind.ToolCallArguments, ChatStreamUpdateKind.Finish, ChatStreamUpdateKind.Usage],
            updates.Select(u => u.Kind));
        Assert.Equal("toolu_1", updates[1].ToolCallId);
        Assert.Equal(0, updates[2].ToolIndex);
        Assert.Equal(FinishReason.ToolCalls, updates[3].FinishReason);
        Assert.Equal(new Usage(15, 7, 5, 0), updates[4].Usage);
        Assert.True(state.IsComplete);
    }
}
