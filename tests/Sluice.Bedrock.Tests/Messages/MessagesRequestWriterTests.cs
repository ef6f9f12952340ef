using System.Text;
using System.Text.Json.Nodes;
using Sluice.Bedrock.Catalogue;
using Sluice.Bedrock.Messages;
using Sluice.Bedrock.Provider;
using Sluice.Core.Buffers;

namespace Sluice.Bedrock.Tests.Messages;

/// <summary>The InvokeModel body written from a caller's Messages request, byte for byte where it must not change.</summary>
public sealed class MessagesRequestWriterTests
{
    private static readonly BedrockMessagesSupport Sonnet45 = BedrockCatalogue.Find("anthropic.claude-sonnet-4-5-20250929-v1:0")!.Messages!;

    private static (string Json, Core.Messages.MessagesAdjustments Adjustments) Write(string body, bool forCount = false, params string[] betas)
    {
        using var output = new PooledBufferWriter();
        var adjustments = MessagesRequestWriter.ToInvokeModelBody(MessagesBodies.Request(body, betas), Sonnet45, "m", output, forCount);
        return (Encoding.UTF8.GetString(output.WrittenMemory.Span), adjustments);
    }

    [Fact]
    public void Write_ThinkingCacheControlDocuments_CopiedVerbatim()
    {
        const string messages = """[{"role":"user","content":[{"type":"document","source":{"type":"text","media_type":"text/plain","data":"abc"},"cache_control":{"type":"ephemeral","ttl":"1h"}}]},{"role":"assistant","content":[{"type":"thinking","thinking":"a\u00e9\ud83d\ude00","signature":"sig+/="},{"type":"redacted_thinking","data":"Zm9v"},{"type":"tool_use","id":"toolu_1","name":"f","input":{"b":1,"a":[2.50,null]}}]}]""";

        var (json, _) = Write("""{"model":"m","max_tokens":5,"messages":""" + messages + ""","tool_choice":{"type":"auto"},"output_config":{"format":{"type":"json_schema"}}}""");

        Assert.Equal(
            JsonNode.Parse(messages)!.ToJsonString(),
            MessagesBodies.Json(json)["messages"]!.ToJsonString());
        Assert.StartsWith("""{"anthropic_version":"bedrock-2023-05-31","max_tokens":5,"messages":""", json, StringComparison.Ordinal);
        Assert.EndsWith(""","tool_choice":{"type":"auto"},"output_config":{"format":{"type":"json_schema"}}}""", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_BodyAndHeaderBetas_MergedOnceInOrder()
    {
        var (json, adjustments) = Write(
            """{"max_tokens":5,"anthropic_beta":["context-1m-2025-08-07","interleaved-thinking-2025-05-14","fast-mode-2026-02-01"],"messages":[]}""",
            false, "interleaved-thinking-2025-05-14", "claude-code-20250219");

        Assert.Equal("""["interleaved-thinking-2025-05-14","context-1m-2025-08-07"]""", MessagesBodies.Json(json)["anthropic_beta"]!.ToJsonString());
        Assert.Equal(["claude-code-20250219", "fast-mode-2026-02-01"], adjustments.DroppedBetas);
    }

    [Fact]
    public void Write_BillingHeaderNotFirst_Kept()
    {
        var (json, adjustments) = Write("""{"max_tokens":5,"system":[{"type":"text","text":"hello"},{"type":"text","text":"x-anthropic-billing-header: a"}],"messages":[]}""");

        Assert.Equal(2, MessagesBodies.Json(json)["system"]!.AsArray().Count);
        Assert.Empty(adjustments.DroppedFields);
    }

    [Theory]
    [InlineData("""{"messages":[]}""", 1)]
    [InlineData("""{"thinking":{"type":"enabled","budget_tokens":2048},"messages":[]}""", 2049)]
    [InlineData("""{"max_tokens":7,"messages":[]}""", 7)]
    public void Write_ForCount_MaxTokensFilledWhenMissing(string body, int expected)
    {
        var (json, _) = Write(body, forCount: true);

        Assert.Equal(expected, (int)MessagesBodies.Json(json)["max_tokens"]!);
    }

    [Fact]
    public void Write_BillingHeaderAlone_SystemLeftOut()
    {
        var (json, adjustments) = Write("""{"max_tokens":5,"system":[{"type":"text","text":"x-anthropic-billing-header: cc_version=1;"}],"messages":[]}""");

        Assert.False(MessagesBodies.Json(json).ContainsKey("system"));
        Assert.Equal(["system[0]"], adjustments.DroppedFields);
    }
}
