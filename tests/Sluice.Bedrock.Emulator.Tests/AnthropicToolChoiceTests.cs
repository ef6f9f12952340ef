using System.Net;
using System.Text;
using System.Text.Json;

namespace Sluice.Bedrock.Emulator.Tests;

/// <summary>Claude's own tool_choice in Converse's additionalModelRequestFields: the form Bedrock takes, strictly.</summary>
public sealed class AnthropicToolChoiceTests(EmulatorHarness h) : IClassFixture<EmulatorHarness>
{
    private const string Claude = "anthropic.claude-3-5-sonnet-20240620-v1:0";
    private const string Nova = "amazon.nova-lite-v1:0";
    private const string Tools = "\"toolConfig\":{\"tools\":["
        + "{\"toolSpec\":{\"name\":\"get_weather\",\"inputSchema\":{\"json\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}},"
        + "{\"toolSpec\":{\"name\":\"get_time\",\"inputSchema\":{\"json\":{\"type\":\"object\",\"properties\":{\"zone\":{\"type\":\"string\"}}}}}}]}";
    private const string TwoCalls = "\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"call get_weather city=Rome and call get_time zone=CET\"}]}]";

    private Task<HttpResponseMessage> Send(string json, string model) =>
        h.SendBearer($"/model/{EmulatorHarness.Encode(model)}/converse", Encoding.UTF8.GetBytes(json));

    private async Task<JsonElement> Content(string json, string model = Claude)
    {
        var response = await Send(json, model);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("output").GetProperty("message").GetProperty("content");
    }

    [Fact]
    public async Task Converse_DisableParallelToolUse_AnswersWithOneToolCall()
    {
        var content = await Content("{" + Tools + "," + TwoCalls
            + ",\"additionalModelRequestFields\":{\"tool_choice\":{\"type\":\"auto\",\"disable_parallel_tool_use\":true}}}");

        var call = Assert.Single(content.EnumerateArray());
        Assert.Equal("get_weather", call.GetProperty("toolUse").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Converse_DisableParallelToolUseFalse_AnswersWithBothCalls()
    {
        var content = await Content("{" + Tools + "," + TwoCalls
            + ",\"additionalModelRequestFields\":{\"tool_choice\":{\"type\":\"auto\",\"disable_parallel_tool_use\":false}}}");

        Assert.Equal(2, content.GetArrayLength());
    }

    [Theory]
    [InlineData("{\"disable_parallel_tool_use\":true}", "missing field `type`")]
    [InlineData("{\"type\":\"sometimes\"}", "unknown variant `sometimes`")]
    [InlineData("{\"type\":\"auto\",\"disable_parallel_tool_use\":\"yes\"}", "disable_parallel_tool_use: Input should be a valid boolean")]
    [InlineData("{\"type\":\"auto\",\"parallel\":false}", "extraneous key [parallel] is not permitted")]
    [InlineData("{\"type\":\"tool\"}", "tool_choice.name: Field required")]
    [InlineData("{\"type\":\"tool\",\"name\":\"get_news\"}", "Tool 'get_news' not found")]
    [InlineData("\"auto\"", "expected type: JSONObject")]
    public async Task Converse_MalformedToolChoice_Rejected(string choice, string expected)
    {
        var response = await Send("{" + Tools + "," + TwoCalls + ",\"additionalModelRequestFields\":{\"tool_choice\":" + choice + "}}", Claude);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (type, message) = await EmulatorHarness.ReadError(response);
        Assert.Equal("ValidationException", type);
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Converse_ToolChoiceWithoutTools_Rejected()
    {
        var response = await Send("{" + TwoCalls + ",\"additionalModelRequestFields\":{\"tool_choice\":{\"type\":\"auto\",\"disable_parallel_tool_use\":true}}}", Claude);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("tool_choice may only be specified while providing tools", (await EmulatorHarness.ReadError(response)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Converse_ToolChoiceOnNonAnthropicModel_RejectedAsExtraneousKey()
    {
        var response = await Send("{" + Tools + "," + TwoCalls + ",\"additionalModelRequestFields\":{\"tool_choice\":{\"type\":\"auto\",\"disable_parallel_tool_use\":true}}}", Nova);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("extraneous key [tool_choice] is not permitted", (await EmulatorHarness.ReadError(response)).Message, StringComparison.Ordinal);
    }
}
