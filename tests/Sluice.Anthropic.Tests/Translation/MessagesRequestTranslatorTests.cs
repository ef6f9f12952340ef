using System.Text.Json.Nodes;
using Sluice.Anthropic.Translation;
using Sluice.Core.Chat;
using Sluice.Core.Errors;
using Sluice.Core.Messages;

namespace Sluice.Anthropic.Tests.Translation;

public class MessagesRequestTranslatorTests
{
    private static TranslatedChatRequest Translate(string json) =>
        MessagesRequestTranslator.ToChatRequest(new MessagesRequest(JsonNode.Parse(json)!.AsObject(), []));

    private static GatewayError Refused(string json) =>
        Assert.Throws<GatewayException>(() => Translate(json)).Error;

    [Fact]
    public void ToChatRequest_PlainRequest_MapsSamplingAndLimits()
    {
        var r = Translate("""
            {"model":"claude-sonnet-4-5","max_tokens":300,"temperature":0.2,"top_p":0.9,"stop_sequences":["END"],
             "metadata":{"user_id":"u-42"},"stream":true,"system":"Be brief.",
             "messages":[{"role":"user","content":"Hello"}]}
            """).Request;

        Assert.Equal("claude-sonnet-4-5", r.Model);
        Assert.Equal(300, r.MaxTokens);
        Assert.Equal(0.2f, r.Temperature);
        Assert.Equal(0.9f, r.TopP);
        Assert.Equal(["END"], r.Stop!);
        Assert.Equal("u-42", r.User);
        Assert.True(r.Stream);
        Assert.True(r.IncludeUsage);
        Assert.Collection(r.Messages,
            m => { Assert.Equal(ChatRole.System, m.Role); Assert.Equal("Be brief.", Assert.IsType<TextPart>(Assert.Single(m.Content)).Text); },
            m => { Assert.Equal(ChatRole.User, m.Role); Assert.Equal("Hello", Assert.IsType<TextPart>(Assert.Single(m.Content)).Text); });
    }

    [Fact]
    public void ToChatRequest_EmptySystem_NoSystemMessage()
    {
        var r = Translate("""{"model":"m","max_tokens":10,"system":"","messages":[{"role":"user","content":"x"}]}""").Request;

        Assert.Equal(ChatRole.User, Assert.Single(r.Messages).Role);
    }

    [Fact]
    public void ToChatRequest_SystemBlocksWithCacheControl_KeepMarkersAndTtl()
    {
        var r = Translate("""
            {"model":"m","max_tokens":10,
             "system":[{"type":"text","text":"A"},{"type":"text","text":"B","cache_control":{"type":"ephemeral","ttl":"1h"}}],
             "messages":[{"role":"user","content":[{"type":"text","text":"Q","cache_control":{"type":"ephemeral"}}]}]}
            """).Request;

        var system = r.Messages[0].Content;
        Assert.Null(system[0].CacheControl);
        Assert.True(system[1].CacheControl!.IsOneHour);
        Assert.Equal(CacheControl.Ephemeral, r.Messages[1].Content[0].CacheControl);
    }

    [Fact]
    public void ToChatRequest_ToolTurns_BecomeToolCallsAndToolMessages()
    {
        var r = Translate("""
            {"model":"m","max_tokens":10,
             "tools":[{"name":"get_weather","description":"Weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}}},"cache_control":{"type":"ephemeral"}}],
             "tool_choice":{"type":"any","disable_parallel_tool_use":true},
             "messages":[
               {"role":"user","content":"Weather in Paris?"},
               {"role":"assistant","content":[{"type":"text","text":"Checking."},{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}}]},
               {"role":"user","content":[
                 {"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"Sunny"}],"is_error":true},
                 {"type":"text","text":"And tomorrow?"}]}]}
            """).Request;

        var tool = Assert.Single(r.Tools!);
        Assert.Equal("get_weather", tool.Name);
        Assert.Equal("object", tool.Parameters!.Value.GetProperty("type").GetString());
        Assert.NotNull(tool.CacheControl);
        Assert.Equal(ToolChoice.Required, r.ToolChoice);
        Assert.False(r.ParallelToolCalls);
        Assert.Collection(r.Messages,
            m => Assert.Equal(ChatRole.User, m.Role),
            m =>
            {
                Assert.Equal("Checking.", Assert.IsType<TextPart>(Assert.Single(m.Content)).Text);
                var call = Assert.Single(m.ToolCalls!);
                Assert.Equal(("toolu_1", "get_weather", """{"city":"Paris"}"""), (call.Id, call.Name, call.ArgumentsJson));
            },
            m =>
            {
                Assert.Equal(ChatRole.Tool, m.Role);
                Assert.Equal("toolu_1", m.ToolCallId);
                Assert.True(m.IsError);
                Assert.Equal("Sunny", Assert.IsType<TextPart>(Assert.Single(m.Content)).Text);
            },
            m => Assert.Equal("And tomorrow?", Assert.IsType<TextPart>(Assert.Single(m.Content)).Text));
    }

    [Theory]
    [InlineData("""{"type":"auto"}""", ToolChoiceKind.Auto)]
    [InlineData("""{"type":"none"}""", ToolChoiceKind.None)]
    [InlineData("""{"type":"tool","name":"f"}""", ToolChoiceKind.Function)]
    public void ToChatRequest_ToolChoice_MapsKind(string choice, ToolChoiceKind expected)
    {
        var r = Translate($$$"""
            {"model":"m","max_tokens":10,"tool_choice":{{{choice}}},
             "tools":[{"name":"f","input_schema":{"type":"object"}}],"messages":[{"role":"user","content":"x"}]}
            """).Request;

        Assert.Equal(expected, r.ToolChoice!.Value.Kind);
        Assert.Null(r.ParallelToolCalls);
    }

    [Fact]
    public void ToChatRequest_Images_DecodeBase64AndLeaveUrlsToFetch()
    {
        var translated = Translate("""
            {"model":"m","max_tokens":10,"messages":[
              {"role":"user","content":[
                {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0K"}},
                {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"},"cache_control":{"type":"ephemeral"}},
                {"type":"text","text":"Compare."}]}]}
            """);

        var parts = translated.Request.Messages[0].Content;
        var png = Assert.IsType<ImagePart>(parts[0]);
        Assert.Equal("image/png", png.MediaType);
        Assert.Equal(Convert.FromBase64String("iVBORw0K"), png.Data.ToArray());
        var pending = Assert.Single(translated.ImageUrls!);
        Assert.Equal(new PendingImageUrl(0, 1, "https://example.com/cat.jpg", "messages[0].content[1].source.url"), pending);

        translated.SetImage(pending, new byte[] { 1, 2 }, "image/jpeg");
        var fetched = Assert.IsType<ImagePart>(translated.Request.Messages[0].Content[1]);
        Assert.Equal("image/jpeg", fetched.MediaType);
        Assert.NotNull(fetched.CacheControl);
    }

    [Fact]
    public void ToChatRequest_ImageInToolResultAfterText_PointsAtTheToolMessage()
    {
        var translated = Translate("""
            {"model":"m","max_tokens":10,"messages":[
              {"role":"user","content":"Take a screenshot"},
              {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"shot","input":{}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":[
                {"type":"text","text":"here"},{"type":"image","source":{"type":"url","url":"https://example.com/s.png"}}]}]}]}
            """);

        Assert.Equal(new PendingImageUrl(2, 1, "https://example.com/s.png", "messages[2].content[0].content[1].source.url"), Assert.Single(translated.ImageUrls!));
        Assert.Equal(ChatRole.Tool, translated.Request.Messages[2].Role);
    }

    [Fact]
    public void ToChatRequest_ThinkingWithSignature_BecomesReasoningAndEffort()
    {
        var r = Translate("""
            {"model":"m","max_tokens":20000,"thinking":{"type":"enabled","budget_tokens":10000},"messages":[
              {"role":"user","content":"Think"},
              {"role":"assistant","content":[{"type":"thinking","thinking":"Hmm","signature":"sig=="},{"type":"text","text":"42"}]},
              {"role":"user","content":"Why?"}]}
            """).Request;

        Assert.Equal("high", r.ReasoningEffort);
        Assert.Equal(new ReasoningContent("Hmm", "sig=="), r.Messages[1].Reasoning);
    }

    [Theory]
    [InlineData(1024, "low")]
    [InlineData(4096, "medium")]
    [InlineData(16384, "high")]
    public void ToChatRequest_ThinkingBudget_MapsToNearestEffort(int budget, string effort)
    {
        var r = Translate($$$"""{"model":"m","max_tokens":32000,"thinking":{"type":"enabled","budget_tokens":{{{budget}}}},"messages":[{"role":"user","content":"x"}]}""").Request;

        Assert.Equal(effort, r.ReasoningEffort);
    }

    [Fact]
    public void ToChatRequest_OutputFormat_BecomesJsonSchema()
    {
        var r = Translate("""
            {"model":"m","max_tokens":10,"output_config":{"format":{"type":"json_schema","schema":{"type":"object"}}},"messages":[{"role":"user","content":"x"}]}
            """).Request;

        Assert.Equal(ResponseFormatKind.JsonSchema, r.ResponseFormat!.Kind);
        Assert.Equal("object", r.ResponseFormat.Schema!.Value.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("""{"type":"document","source":{"type":"text","media_type":"text/plain","data":"x"}}""", "messages[0].content[0].type")]
    [InlineData("""{"type":"search_result","source":"s","title":"t","content":[]}""", "messages[0].content[0].type")]
    [InlineData("""{"type":"text","text":"x","citations":[{"type":"char_location"}]}""", "messages[0].content[0].citations")]
    [InlineData("""{"type":"image","source":{"type":"file","file_id":"f"}}""", "messages[0].content[0].source.type")]
    public void ToChatRequest_UserBlockWithoutChatEquivalent_RefusedNamingField(string block, string param)
    {
        var error = Refused($$$"""{"model":"nova-pro","max_tokens":10,"messages":[{"role":"user","content":[{{{block}}}]}]}""");

        Assert.Equal(400, error.Status);
        Assert.Equal(param, error.Param);
        Assert.Contains("'nova-pro' does not take", error.Message);
        Assert.Contains("/v1/messages", error.Message);
    }

    [Fact]
    public void ToChatRequest_RedactedThinking_Refused()
    {
        var error = Refused("""
            {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"x"},
              {"role":"assistant","content":[{"type":"redacted_thinking","data":"abc"}]},{"role":"user","content":"y"}]}
            """);

        Assert.Equal("messages[1].content[0].type", error.Param);
    }

    [Theory]
    [InlineData("""{"type":"web_search_20250305","name":"web_search"}""", "tools[0].type")]
    [InlineData("""{"type":"bash_20250124","name":"bash"}""", "tools[0].type")]
    [InlineData("""{"name":"f","input_schema":{"type":"object"},"defer_loading":true}""", "tools[0].defer_loading")]
    public void ToChatRequest_ServerOrBetaTool_Refused(string tool, string param)
    {
        var error = Refused($$$"""{"model":"m","max_tokens":10,"tools":[{{{tool}}}],"messages":[{"role":"user","content":"x"}]}""");

        Assert.Equal(param, error.Param);
        Assert.Contains("does not take", error.Message);
    }

    [Theory]
    [InlineData("""{"model":"m","max_tokens":10,"top_k":5,"messages":[{"role":"user","content":"x"}]}""", "top_k")]
    [InlineData("""{"model":"m","max_tokens":10,"mcp_servers":[{}],"messages":[{"role":"user","content":"x"}]}""", "mcp_servers")]
    [InlineData("""{"model":"m","max_tokens":10,"context_management":{},"messages":[{"role":"user","content":"x"}]}""", "context_management")]
    [InlineData("""{"model":"m","max_tokens":10,"thinking":{"type":"adaptive"},"messages":[{"role":"user","content":"x"}]}""", "thinking.type")]
    public void ToChatRequest_FieldWithoutChatEquivalent_Refused(string json, string param)
    {
        var error = Refused(json);

        Assert.Equal(param, error.Param);
        Assert.Equal("not_supported_for_model", error.Code);
    }

    [Theory]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}]}""", "max_tokens")]
    [InlineData("""{"model":"m","max_tokens":0,"messages":[{"role":"user","content":"x"}]}""", "max_tokens")]
    [InlineData("""{"model":"m","max_tokens":10,"temperature":1.5,"messages":[{"role":"user","content":"x"}]}""", "temperature")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[]}""", "messages")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"system","content":"x"}]}""", "messages[0].role")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"user","content":""}]}""", "messages[0].content")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"type":"text","text":""}]}]}""", "messages[0].content[0].text")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"%%%"}}]}]}""", "messages[0].content[0].source.data")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/bmp","data":"AA=="}}]}]}""", "messages[0].content[0].source.media_type")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"type":"text","text":"x","cache_control":{"type":"ephemeral","ttl":"2h"}}]}]}""", "messages[0].content[0].cache_control.ttl")]
    [InlineData("""{"model":"m","max_tokens":10,"tool_choice":{"type":"tool","name":"g"},"tools":[{"name":"f","input_schema":{"type":"object"}}],"messages":[{"role":"user","content":"x"}]}""", "tool_choice.name")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"f","input":"{}"}]}]}""", "messages[0].content[0].input")]
    [InlineData("""{"model":"m","max_tokens":2000,"thinking":{"type":"enabled","budget_tokens":500},"messages":[{"role":"user","content":"x"}]}""", "thinking.budget_tokens")]
    [InlineData("""{"model":7,"max_tokens":10,"messages":[{"role":"user","content":"x"}]}""", "model")]
    public void ToChatRequest_MalformedInput_400NamingField(string json, string param)
    {
        var error = Refused(json);

        Assert.Equal(400, error.Status);
        Assert.Equal(ErrorTypes.InvalidRequest, error.Type);
        Assert.Equal(param, error.Param);
        Assert.StartsWith(param, error.Message);
    }
}
