using System.Buffers;
using System.Text;
using System.Text.Json;
using Sluice.Anthropic.Chat;
using Sluice.Core.Chat;
using Sluice.Core.Errors;

namespace Sluice.Anthropic.Tests.Chat;

/// <summary>What goes on the wire when a chat request is sent to Anthropic as a Messages body.</summary>
public class ChatRequestWriterTests
{
    [Fact]
    public void ToMessagesRequest_Conversation_GoldenBody()
    {
        var request = new ChatRequest
        {
            Model = "anthropic/sonnet",
            MaxTokens = 100,
            Temperature = 0.5f,
            Stop = ["END"],
            User = "u1",
            ParallelToolCalls = false,
            Tools = [new ToolDefinition("f", "does f", null) { CacheControl = CacheControl.OneHour }],
            Messages =
            [
                new ChatMessage { Role = ChatRole.System, Content = [new TextPart("sys")], CacheControl = CacheControl.Ephemeral },
                new ChatMessage { Role = ChatRole.User, Content = [new TextPart("hi")] },
                new ChatMessage { Role = ChatRole.Assistant, ToolCalls = [new ToolCall("t1", "f", """{"a":1}"""), new ToolCall("t2", "f", "")] },
                new ChatMessage { Role = ChatRole.Tool, ToolCallId = "t1", Content = [new TextPart("r1")] },
                new ChatMessage { Role = ChatRole.Tool, ToolCallId = "t2", Content = [new TextPart("r2")], IsError = true },
                new ChatMessage { Role = ChatRole.User, Content = [new ImagePart(new byte[] { 1, 2 }, "image/png")] },
            ],
        };

        Assert.Equal(
            """{"model":"m","max_tokens":100,"system":[{"type":"text","text":"sys","cache_control":{"type":"ephemeral"}}],"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]},{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"f","input":{"a":1}},{"type":"tool_use","id":"t2","name":"f","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":[{"type":"text","text":"r1"}]},{"type":"tool_result","tool_use_id":"t2","content":[{"type":"text","text":"r2"}],"is_error":true}]},{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"AQI="}}]}],"temperature":0.5,"stop_sequences":["END"],"tools":[{"name":"f","description":"does f","input_schema":{"type":"object"},"cache_control":{"type":"ephemeral","ttl":"1h"}}],"tool_choice":{"type":"auto","disable_parallel_tool_use":true},"metadata":{"user_id":"u1"}}""",
            Write(request, stream: false));
    }

    [Fact]
    public void ToMessagesRequest_ReasoningEffortWithSmallMaxTokens_BudgetAndRoomForTheAnswer()
    {
        using var body = JsonDocument.Parse(Write(new ChatRequest { Model = "x", MaxTokens = 100, ReasoningEffort = "medium", Messages = [User("q")] }, stream: true));

        Assert.Equal(4096, body.RootElement.GetProperty("thinking").GetProperty("budget_tokens").GetInt32());
        Assert.Equal(4196, body.RootElement.GetProperty("max_tokens").GetInt32());
        Assert.True(body.RootElement.GetProperty("stream").GetBoolean());
    }

    [Fact]
    public void ToMessagesRequest_ResponseFormat_RefusedUnlessDropped()
    {
        var request = new ChatRequest { Model = "x", ResponseFormat = new ResponseFormat(ResponseFormatKind.JsonObject), Messages = [User("q")] };

        var e = Assert.Throws<GatewayException>(() => Write(request, stream: false));
        Assert.Equal("response_format", e.Error.Param);

        request.DropUnsupported = true;
        Assert.DoesNotContain("response_format", Write(request, stream: false), StringComparison.Ordinal);
        Assert.Equal(["response_format"], request.DroppedParameters);
    }

    [Fact]
    public void ToMessagesRequest_ToolArgumentsNotAnObject_400()
    {
        var request = new ChatRequest
        {
            Model = "x",
            Messages = [User("q"), new ChatMessage { Role = ChatRole.Assistant, ToolCalls = [new ToolCall("t", "f", "[1]")] }],
        };

        Assert.Equal(400, Assert.Throws<GatewayException>(() => Write(request, stream: false)).Error.Status);
    }

    private static ChatMessage User(string text) => new() { Role = ChatRole.User, Content = [new TextPart(text)] };

    private static string Write(ChatRequest request, bool stream)
    {
        var output = new ArrayBufferWriter<byte>();
        ChatRequestWriter.ToMessagesRequest(request, "m", stream, output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
