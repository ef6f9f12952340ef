using System.Net;
using System.Text;
using System.Text.Json;

namespace Sluice.Bedrock.Emulator.Tests;

public sealed class ConverseBehaviorTests(EmulatorHarness h) : IClassFixture<EmulatorHarness>
{
    private const string Nova = "amazon.nova-lite-v1:0";
    private const string Claude37Profile = "us.anthropic.claude-3-7-sonnet-20250219-v1:0";
    private const string WeatherTool = "{\"toolSpec\":{\"name\":\"get_weather\",\"inputSchema\":{\"json\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},\"days\":{\"type\":\"integer\"}},\"required\":[\"city\"]}}}}";
    private const string TimeTool = "{\"toolSpec\":{\"name\":\"get_time\",\"inputSchema\":{\"json\":{\"type\":\"object\",\"properties\":{\"zone\":{\"type\":\"string\"}},\"required\":[\"zone\"]}}}}";

    private async Task<JsonElement> Ok(string json, string model = Nova)
    {
        var response = await h.SendBearer($"/model/{EmulatorHarness.Encode(model)}/converse", Encoding.UTF8.GetBytes(json));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }

    [Fact]
    public async Task Converse_PlainText_EchoesWithUsage()
    {
        var root = await Ok("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hello brave new world\"}]}]}");
        Assert.Equal("hello brave new world", root.GetProperty("output").GetProperty("message").GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("end_turn", root.GetProperty("stopReason").GetString());
        Assert.Equal(4, root.GetProperty("usage").GetProperty("inputTokens").GetInt32());
        Assert.Equal(4, root.GetProperty("usage").GetProperty("outputTokens").GetInt32());
        Assert.Equal(8, root.GetProperty("usage").GetProperty("totalTokens").GetInt32());
    }

    [Fact]
    public async Task Converse_MaxTokensAndStopSequences_Honoured()
    {
        var truncated = await Ok("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"one two three four five\"}]}],\"inferenceConfig\":{\"maxTokens\":2}}");
        Assert.Equal("max_tokens", truncated.GetProperty("stopReason").GetString());
        Assert.Equal("one two", truncated.GetProperty("output").GetProperty("message").GetProperty("content")[0].GetProperty("text").GetString());
        var stopped = await Ok("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"alpha beta STOP gamma\"}]}],\"inferenceConfig\":{\"stopSequences\":[\"STOP\"]}}");
        Assert.Equal("stop_sequence", stopped.GetProperty("stopReason").GetString());
        Assert.Equal("alpha beta ", stopped.GetProperty("output").GetProperty("message").GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Converse_CallTwoTools_ParallelToolUseThenToolResultEcho()
    {
        var root = await Ok("{\"toolConfig\":{\"tools\":[" + WeatherTool + "," + TimeTool + "]},\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"please call get_weather city=Paris days=3 and call get_time\"}]}]}");
        Assert.Equal("tool_use", root.GetProperty("stopReason").GetString());
        var content = root.GetProperty("output").GetProperty("message").GetProperty("content");
        Assert.Equal(2, content.GetArrayLength());
        var weather = content[0].GetProperty("toolUse");
        Assert.Equal("get_weather", weather.GetProperty("name").GetString());
        Assert.Equal("Paris", weather.GetProperty("input").GetProperty("city").GetString());
        Assert.Equal(3, weather.GetProperty("input").GetProperty("days").GetInt32());
        Assert.Equal("test", content[1].GetProperty("toolUse").GetProperty("input").GetProperty("zone").GetString());

        var id1 = weather.GetProperty("toolUseId").GetString();
        var id2 = content[1].GetProperty("toolUse").GetProperty("toolUseId").GetString();
        var follow = "{\"toolConfig\":{\"tools\":[" + WeatherTool + "," + TimeTool + "]},\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"please call get_weather city=Paris and call get_time\"}]},"
            + "{\"role\":\"assistant\",\"content\":" + content.GetRawText() + "},"
            + "{\"role\":\"user\",\"content\":[{\"toolResult\":{\"toolUseId\":\"" + id1 + "\",\"content\":[{\"text\":\"sunny 21C\"}]}},{\"toolResult\":{\"toolUseId\":\"" + id2 + "\",\"content\":[{\"json\":{\"time\":\"10:00\"}}]}}]}]}";
        var answer = await Ok(follow);
        Assert.Equal("end_turn", answer.GetProperty("stopReason").GetString());
        Assert.Contains("sunny 21C", answer.GetProperty("output").GetProperty("message").GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Converse_ToolChoiceTool_ForcesToolWithoutMention()
    {
        var root = await Ok("{\"toolConfig\":{\"tools\":[" + WeatherTool + "],\"toolChoice\":{\"tool\":{\"name\":\"get_weather\"}}},\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}]}");
        Assert.Equal("get_weather", root.GetProperty("output").GetProperty("message").GetProperty("content")[0].GetProperty("toolUse").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Converse_ImageBlock_DescribedInReply()
    {
        var png = Convert.ToBase64String(PngEncoder.Solid(1, 1, 1, 2, 3));
        var root = await Ok("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"what is this\"},{\"image\":{\"format\":\"png\",\"source\":{\"bytes\":\"" + png + "\"}}}]}]}");
        Assert.Equal("what is this [image/png 1x1]", root.GetProperty("output").GetProperty("message").GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Converse_CachePoint_WriteThenRead()
    {
        // Nova caches a checkpoint only from 1,000 tokens (the emulator's tokens are words).
        var system = string.Join(' ', Enumerable.Repeat("you are a very helpful assistant for cache tests", 125));
        var json = "{\"system\":[{\"text\":\"" + system + "\"},{\"cachePoint\":{\"type\":\"default\"}}],\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi there\"}]}]}";
        var first = (await Ok(json)).GetProperty("usage");
        Assert.Equal(1125, first.GetProperty("cacheWriteInputTokens").GetInt32());
        Assert.Equal(0, first.GetProperty("cacheReadInputTokens").GetInt32());
        Assert.Equal(2, first.GetProperty("inputTokens").GetInt32());
        var second = (await Ok(json)).GetProperty("usage");
        Assert.Equal(1125, second.GetProperty("cacheReadInputTokens").GetInt32());
        Assert.Equal(0, second.GetProperty("cacheWriteInputTokens").GetInt32());
    }

    [Fact]
    public async Task Converse_JsonSchemaOutput_MatchesRequiredProperties()
    {
        var schema = JsonSerializer.Serialize("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"age\":{\"type\":\"integer\"},\"ok\":{\"type\":\"boolean\"}},\"required\":[\"name\",\"age\",\"ok\"]}");
        var root = await Ok("{\"outputConfig\":{\"textFormat\":{\"type\":\"json_schema\",\"structure\":{\"jsonSchema\":{\"schema\":" + schema + "}}}},\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Ada\"}]}]}");
        using var produced = JsonDocument.Parse(root.GetProperty("output").GetProperty("message").GetProperty("content")[0].GetProperty("text").GetString()!);
        Assert.Equal("Ada", produced.RootElement.GetProperty("name").GetString());
        Assert.Equal(1, produced.RootElement.GetProperty("age").GetInt32());
        Assert.True(produced.RootElement.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task Converse_ThinkingEnabled_ReasoningSignatureRoundTrips()
    {
        const string fields = "\"additionalModelRequestFields\":{\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}},\"inferenceConfig\":{\"maxTokens\":4096}";
        var first = await Ok("{" + fields + ",\"toolConfig\":{\"tools\":[" + WeatherTool + "]},\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"call get_weather city=Oslo\"}]}]}", Claude37Profile);
        var content = first.GetProperty("output").GetProperty("message").GetProperty("content");
        var reasoning = content[0].GetProperty("reasoningContent").GetProperty("reasoningText");
        Assert.False(string.IsNullOrEmpty(reasoning.GetProperty("signature").GetString()));
        var toolId = content[1].GetProperty("toolUse").GetProperty("toolUseId").GetString();
        string Follow(string assistantContent) => "{" + fields + ",\"toolConfig\":{\"tools\":[" + WeatherTool + "]},\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"call get_weather city=Oslo\"}]},{\"role\":\"assistant\",\"content\":" + assistantContent
            + "},{\"role\":\"user\",\"content\":[{\"toolResult\":{\"toolUseId\":\"" + toolId + "\",\"content\":[{\"text\":\"rain\"}]}}]}]}";

        var ok = await Ok(Follow(content.GetRawText()), Claude37Profile);
        Assert.Contains("rain", ok.GetProperty("output").GetProperty("message").GetProperty("content")[1].GetProperty("text").GetString());

        var tampered = content.GetRawText().Replace(reasoning.GetProperty("signature").GetString()!, "AAAA", StringComparison.Ordinal);
        var response = await h.SendBearer($"/model/{EmulatorHarness.Encode(Claude37Profile)}/converse", Encoding.UTF8.GetBytes(Follow(tampered)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Invalid `signature` in `thinking` block", (await EmulatorHarness.ReadError(response)).Message);
    }

    [Fact]
    public async Task CountTokens_Converse_ReturnsWordCount()
    {
        var body = "{\"input\":{\"converse\":{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"count these five words\"}]}],\"system\":[{\"text\":\"sys\"}]}}}";
        var response = await h.SendBearer($"/model/{EmulatorHarness.Encode("anthropic.claude-3-5-sonnet-20240620-v1:0")}/count-tokens", Encoding.UTF8.GetBytes(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"inputTokens\":5}", text);
    }
}
