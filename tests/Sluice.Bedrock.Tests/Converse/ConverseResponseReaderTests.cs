using System.Text;
using Sluice.Bedrock.Converse;
using Sluice.Core.Chat;
using Sluice.Core.Errors;

namespace Sluice.Bedrock.Tests.Converse;

public class ConverseResponseReaderTests
{
    private static readonly UpstreamInfo Upstream = new("anthropic.claude-3-5-sonnet-20240620-v1:0", "us-east-1");

    private static ChatResponse Read(string json) => ConverseResponseReader.Read(Encoding.UTF8.GetBytes(json), Upstream);

    private static string WithStop(string stopReason) =>
        """{"output":{"message":{"role":"assistant","content":[{"text":"Hi"}]}},"stopReason":""" + "\"" + stopReason + "\"" +
        ""","usage":{"inputTokens":9,"outputTokens":3,"totalTokens":12},"metrics":{"latencyMs":412}}""";

    [Theory]
    [InlineData("end_turn", FinishReason.Stop)]
    [InlineData("stop_sequence", FinishReason.Stop)]
    [InlineData("max_tokens", FinishReason.Length)]
    [InlineData("model_context_window_exceeded", FinishReason.Length)]
    [InlineData("tool_use", FinishReason.ToolCalls)]
    [InlineData("guardrail_intervened", FinishReason.ContentFilter)]
    [InlineData("content_filtered", FinishReason.ContentFilter)]
    [InlineData("malformed_model_output", FinishReason.Stop)]
    [InlineData("malformed_tool_use", FinishReason.Stop)]
    [InlineData("something_new", FinishReason.Stop)]
    public void Read_StopReason_MapsToOpenAiFinishReason(string stopReason, FinishReason expected)
    {
        Assert.Equal(expected, Read(WithStop(stopReason)).FinishReason);
    }

    [Fact]
    public void Read_Minimal_TextUsageAndUpstream()
    {
        var response = Read(WithStop("end_turn"));

        Assert.Equal("Hi", response.Text);
        Assert.Equal(new Usage(9, 3), response.Usage);
        Assert.Same(Upstream, response.Upstream);
        Assert.Null(response.ToolCalls);
    }

    [Fact]
    public void Read_CacheTokens_PromptIncludesCachedPerOpenAiConvention()
    {
        var response = Read("""{"output":{"message":{"role":"assistant","content":[{"text":"x"}]}},"stopReason":"end_turn","usage":{"inputTokens":10,"outputTokens":5,"totalTokens":1515,"cacheReadInputTokens":1000,"cacheWriteInputTokens":500},"metrics":{"latencyMs":1}}""");

        Assert.Equal(1510, response.Usage.PromptTokens);
        Assert.Equal(1000, response.Usage.CachedTokens);
        Assert.Equal(500, response.Usage.CacheWriteTokens);
        Assert.Equal(5, response.Usage.CompletionTokens);
    }

    [Fact]
    public void Read_CacheDetailsWithOneHourWrites_OneHourPartOfWritesKept()
    {
        var response = Read("""{"output":{"message":{"role":"assistant","content":[{"text":"x"}]}},"stopReason":"end_turn","usage":{"inputTokens":10,"outputTokens":5,"totalTokens":1515,"cacheReadInputTokens":0,"cacheWriteInputTokens":1500,"cacheDetails":[{"ttl":"1h","inputTokens":1200},{"ttl":"5m","inputTokens":300}]},"metrics":{"latencyMs":1}}""");

        Assert.Equal(1510, response.Usage.PromptTokens);
        Assert.Equal(1500, response.Usage.CacheWriteTokens);
        Assert.Equal(1200, response.Usage.CacheWrite1hTokens);
        Assert.Equal(10, response.Usage.UncachedPromptTokens);
    }

    [Fact]
    public void Read_ToolUseAndReasoningAndSeveralTexts_AllKept()
    {
        var response = Read("""
            {"output":{"message":{"role":"assistant","content":[
              {"reasoningContent":{"reasoningText":{"text":"Think","signature":"c2ln"}}},
              {"text":"Checking "},{"text":"both."},
              {"toolUse":{"toolUseId":"tooluse_1","name":"get_weather","input":{ "city" : "Paris", "units": ["c"] }}},
              {"toolUse":{"toolUseId":"tooluse_2","name":"get_time","input":{}}}
            ]}},"stopReason":"tool_use","usage":{"inputTokens":1,"outputTokens":2,"totalTokens":3},"metrics":{"latencyMs":1}}
            """);

        Assert.Equal("Checking both.", response.Text);
        Assert.Equal(new ReasoningContent("Think", "c2ln"), response.Reasoning);
        Assert.Equal(
            [new ToolCall("tooluse_1", "get_weather", """{"city":"Paris","units":["c"]}"""), new ToolCall("tooluse_2", "get_time", "{}")],
            response.ToolCalls!);
        Assert.Equal(FinishReason.ToolCalls, response.FinishReason);
        // Converse counts reasoning inside outputTokens only: the split is unknown, not zero.
        Assert.Null(response.Usage.ReasoningTokens);
    }

    [Fact]
    public void Read_RedactedReasoning_KeptAsRedactedData()
    {
        var response = Read("""{"output":{"message":{"role":"assistant","content":[{"reasoningContent":{"redactedContent":"AAEC"}},{"text":"ok"}]}},"stopReason":"end_turn","usage":{"inputTokens":1,"outputTokens":2,"totalTokens":3},"metrics":{"latencyMs":1}}""");

        Assert.Equal(new ReasoningContent(null, null, "AAEC"), response.Reasoning);
    }

    [Fact]
    public void Read_NotAConverseResponse_502()
    {
        var e = Assert.Throws<GatewayException>(() => Read("""{"message":"hello"}"""));

        Assert.Equal(502, e.Error.Status);
    }
}
