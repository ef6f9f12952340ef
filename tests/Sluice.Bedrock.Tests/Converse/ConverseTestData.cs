using System.Buffers;
using System.Text;
using System.Text.Json;
using Sluice.Bedrock.Catalogue;
using Sluice.Bedrock.Converse;
using Sluice.Core.Chat;

namespace Sluice.Bedrock.Tests.Converse;

internal static class ConverseTestData
{
    public static readonly ConverseOptions Claude = new("anthropic.claude-3-5-sonnet-20240620-v1:0", new BedrockCapabilities(true, true, ReasoningStyle.None, true) { DisableParallelToolUse = true });
    public static readonly ConverseOptions ClaudeThinking = new("anthropic.claude-3-7-sonnet-20250219-v1:0", new BedrockCapabilities(true, true, ReasoningStyle.Anthropic, true) { DisableParallelToolUse = true });
    public static readonly ConverseOptions Nova2 = new("amazon.nova-2-lite-v1:0", new BedrockCapabilities(true, true, ReasoningStyle.Nova, true));
    public static readonly ConverseOptions Nova = new("amazon.nova-lite-v1:0", new BedrockCapabilities(true, true, ReasoningStyle.None, true));
    public static readonly ConverseOptions TextOnly = new("meta.llama3-1-8b-instruct-v1:0", new BedrockCapabilities(false, false, ReasoningStyle.None, true));

    public static string Write(ChatRequest request, ConverseOptions? options = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        ConverseRequestWriter.Write(request, options ?? Claude, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static ChatRequest Request(params ChatMessage[] messages) => new() { Model = "acct/model", Messages = [.. messages] };

    public static ChatMessage User(string text) => new() { Role = ChatRole.User, Content = [new TextPart(text)] };

    public static ChatMessage SystemMessage(string text) => new() { Role = ChatRole.System, Content = [new TextPart(text)] };

    public static ChatMessage Developer(string text) => new() { Role = ChatRole.Developer, Content = [new TextPart(text)] };

    public static ChatMessage Assistant(string text) => new() { Role = ChatRole.Assistant, Content = [new TextPart(text)] };

    public static ChatMessage AssistantCalls(params ToolCall[] calls) => new() { Role = ChatRole.Assistant, ToolCalls = [.. calls] };

    public static ChatMessage ToolResult(string id, string text) => new() { Role = ChatRole.Tool, ToolCallId = id, Content = [new TextPart(text)] };

    public static ToolDefinition Tool(string name, string schemaJson) =>
        new(name, "Gets " + name, JsonDocument.Parse(schemaJson).RootElement.Clone());
}
