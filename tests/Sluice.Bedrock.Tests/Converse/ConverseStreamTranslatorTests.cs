using System.Text;
using Sluice.Bedrock.Converse;
using Sluice.Core.Chat;

namespace Sluice.Bedrock.Tests.Converse;

public class ConverseStreamTranslatorTests
{
    private static List<ChatStreamUpdate> Run(params (string Type, string Json)[] events)
    {
        var state = new ConverseStreamState();
        var updates = new List<ChatStreamUpdate>();
        foreach (var (type, json) in events)
        {
            ConverseStreamTranslator.FromConverseStreamEvent(type, Encoding.UTF8.GetBytes(json), state, updates);
        }

        return updates;
    }

    [Fact]
    public void FromConverseStreamEvent_Text_DeltasThenFinishThenUsage()
    {
        var updates = Run(
            ("messageStart", """{"role":"assistant","p":"abc"}"""),
            ("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"Hel"},"p":"abcd"}"""),
            ("contentBlockDelta", """{"delta":{"text":"lo"},"contentBlockIndex":0}"""),
            ("contentBlockStop", """{"contentBlockIndex":0}"""),
            ("messageStop", """{"stopReason":"end_turn"}"""),
            ("metadata", """{"usage":{"inputTokens":5,"outputTokens":2,"totalTokens":7,"cacheReadInputTokens":3},"metrics":{"latencyMs":10}}"""));

        Assert.Equal(
            [
                ChatStreamUpdate.TextDelta("Hel"),
                ChatStreamUpdate.TextDelta("lo"),
                ChatStreamUpdate.Finish(FinishReason.Stop),
                ChatStreamUpdate.UsageReport(new Usage(8, 2, 3)),
            ],
            updates);
    }

    [Fact]
    public void FromConverseStreamEvent_TwoInterleavedToolCalls_ArgumentsReassembleExactly()
    {
        var updates = Run(
            ("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"Let me check."}}"""),
            ("contentBlockStop", """{"contentBlockIndex":0}"""),
            ("contentBlockStart", """{"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"tooluse_a","name":"get_weather"}}}"""),
            ("contentBlockStart", """{"contentBlockIndex":2,"start":{"toolUse":{"toolUseId":"tooluse_b","name":"get_time"}}}"""),
            ("contentBlockDelta", """{"contentBlockIndex":1,"delta":{"toolUse":{"input":"{\"ci"}}}"""),
            ("contentBlockDelta", """{"contentBlockIndex":2,"delta":{"toolUse":{"input":"{\"tz\":"}}}"""),
            ("contentBlockDelta", """{"contentBlockIndex":1,"delta":{"toolUse":{"input":"ty\":\"Par"}}}"""),
            ("contentBlockDelta", """{"delta":{"toolUse":{"input":"\"UTC\"}"}},"contentBlockIndex":2}"""),
            ("contentBlockDelta", """{"contentBlockIndex":1,"delta":{"toolUse":{"input":"is \\u00e9\"}"}}}"""),
            ("contentBlockStop", """{"contentBlockIndex":1}"""),
            ("contentBlockStop", """{"contentBlockIndex":2}"""),
            ("messageStop", """{"stopReason":"tool_use"}"""));

        Assert.Equal(ChatStreamUpdate.ToolCallStart(0, "tooluse_a", "get_weather"), updates[1]);
        Assert.Equal(ChatStreamUpdate.ToolCallStart(1, "tooluse_b", "get_time"), updates[2]);
        var args = new[] { new StringBuilder(), new StringBuilder() };
        foreach (var u in updates)
        {
            if (u.Kind == ChatStreamUpdateKind.ToolCallArguments)
            {
                args[u.ToolIndex].Append(u.Text);
            }
        }

        Assert.Equal("""{"city":"Paris \u00e9"}""", args[0].ToString());
        Assert.Equal("""{"tz":"UTC"}""", args[1].ToString());
        Assert.Equal(5, updates.Count(u => u.Kind == ChatStreamUpdateKind.ToolCallArguments));
        Assert.Equal(ChatStreamUpdate.Finish(FinishReason.ToolCalls), updates[^1]);
    }

    [Fact]
    public void FromConverseStreamEvent_ReasoningAndSignature_SeparateUpdates()
    {
        var updates = Run(
            ("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"reasoningContent":{"text":"Hmm"}}}"""),
            ("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"reasoningContent":{"signature":"EqQB"}}}"""),
            ("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"reasoningContent":{"redactedContent":"AAEC"}}}"""),
            ("contentBlockDelta", """{"contentBlockIndex":1,"delta":{"text":"Answer"}}"""));

        Assert.Equal(
            [ChatStreamUpdate.ReasoningDelta("Hmm"), ChatStreamUpdate.ReasoningSignatureDelta("EqQB"), ChatStreamUpdate.TextDelta("Answer")],
            updates);
    }

    [Fact]
    public void FromConverseStreamEvent_GuardrailStop_ContentFilterAndStateComplete()
    {
        var state = new ConverseStreamState();
        var updates = new List<ChatStreamUpdate>();

        Assert.False(state.IsComplete);
        ConverseStreamTranslator.FromConverseStreamEvent("messageStop", """{"stopReason":"guardrail_intervened"}"""u8, state, updates);

        Assert.True(state.IsComplete);
        Assert.Equal([ChatStreamUpdate.Finish(FinishReason.ContentFilter)], updates);
    }

    [Fact]
    public void FromConverseStreamEvent_ToolInputWithoutStart_502()
    {
        var e = Assert.Throws<Core.Errors.GatewayException>(() => Run(("contentBlockDelta", """{"contentBlockIndex":3,"delta":{"toolUse":{"input":"{}"}}}""")));

        Assert.Equal(502, e.Error.Status);
    }
}
