using System.Net;
using System.Text;

namespace Sluice.Bedrock.Emulator.Tests;

public sealed class ConverseValidationTests(EmulatorHarness h) : IClassFixture<EmulatorHarness>
{
    private const string Tools = "\"toolConfig\":{\"tools\":[{\"toolSpec\":{\"name\":\"get_weather\",\"inputSchema\":{\"json\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}}]}";
    private const string ToolTurns = "{\"role\":\"user\",\"content\":[{\"text\":\"weather?\"}]},{\"role\":\"assistant\",\"content\":[{\"toolUse\":{\"toolUseId\":\"t1\",\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}}]}";

    private async Task<(string Type, string Message)> Send(string json, string model = "amazon.nova-lite-v1:0")
    {
        var response = await h.SendBearer($"/model/{EmulatorHarness.Encode(model)}/converse", Encoding.UTF8.GetBytes(json));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return await EmulatorHarness.ReadError(response);
    }

    [Theory]
    [InlineData("{\"messages\":[]}", "A conversation must start with a user message. Try again with a conversation that starts with a user message.")]
    [InlineData("{\"messages\":[{\"role\":\"assistant\",\"content\":[{\"text\":\"hi\"}]}]}", "A conversation must start with a user message. Try again with a conversation that starts with a user message.")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a\"}]},{\"role\":\"user\",\"content\":[{\"text\":\"b\"}]}]}", "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"\"}]}]}", "The text field in the ContentBlock object at messages.0.content.0 is blank. Add text to the text field, and try again.")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a\"}]}],\"system\":[{\"text\":\" \"}]}", "The text field in the SystemContentBlock object at system.0 is blank. Add text to the text field, and try again.")]
    [InlineData("{\"messages\":[" + ToolTurns + ",{\"role\":\"user\",\"content\":[{\"toolResult\":{\"toolUseId\":\"t1\",\"content\":[{\"text\":\"sunny\"}]}}]}]}", "The toolConfig field must be defined when using toolUse and toolResult content blocks.")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a\"}]}],\"inferenceConfig\":{\"maxTokens\":0}}", "1 validation error detected: Value '0' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a\"}]}],\"inferenceConfig\":{\"temperature\":1.5}}", "1 validation error detected: Value '1.5' at 'inferenceConfig.temperature' failed to satisfy constraint: Member must have value less than or equal to 1")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a\"}]}],\"inferenceConfig\":{\"topP\":-0.1}}", "1 validation error detected: Value '-0.1' at 'inferenceConfig.topP' failed to satisfy constraint: Member must have value greater than or equal to 0")]
    [InlineData("{\"messages\":[{\"role\":\"system\",\"content\":[{\"text\":\"a\"}]}]}", "1 validation error detected: Value 'system' at 'messages.1.member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]")]
    public async Task Converse_InvalidConversation_ExactMessage(string json, string expected)
    {
        var (type, message) = await Send(json);
        Assert.Equal("ValidationException", type);
        Assert.Equal(expected, message);
    }

    [Fact]
    public async Task Converse_BlockWithTwoUnionMembers_Rejected()
    {
        var (_, message) = await Send("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a\",\"image\":{\"format\":\"png\",\"source\":{\"bytes\":\"AA==\"}}}]}]}");
        Assert.Contains("exactly one member", message);
    }

    [Fact]
    public async Task Converse_ToolResultIdNotFromPreviousTurn_Rejected()
    {
        var (_, message) = await Send("{" + Tools + ",\"messages\":[" + ToolTurns + ",{\"role\":\"user\",\"content\":[{\"toolResult\":{\"toolUseId\":\"other\",\"content\":[{\"text\":\"sunny\"}]}}]}]}");
        Assert.Contains("toolUseId other", message);
    }

    [Fact]
    public async Task Converse_ToolUseWithoutResult_ExpectedToolResultMessage()
    {
        var (_, message) = await Send("{" + Tools + ",\"messages\":[" + ToolTurns + ",{\"role\":\"user\",\"content\":[{\"text\":\"and?\"}]}]}");
        Assert.Equal("Expected toolResult blocks at messages.2.content for the following Ids: t1", message);
    }

    [Theory]
    [InlineData("bmp", "iVBORw0KGgo=", "Member must satisfy enum value set: [gif, jpeg, png, webp]")]
    [InlineData("png", "***not base64***", "Malformed input request")]
    [InlineData("png", "/9j/4AAQSkZJRg==", "isn't a valid png image")]
    public async Task Converse_BadImage_Rejected(string format, string bytes, string expected)
    {
        var (_, message) = await Send("{\"messages\":[{\"role\":\"user\",\"content\":[{\"image\":{\"format\":\"" + format + "\",\"source\":{\"bytes\":\"" + bytes + "\"}}}]}]}");
        Assert.Contains(expected, message);
    }

    [Fact]
    public async Task Converse_MalformedJson_MalformedInputRequest()
    {
        var (_, message) = await Send("{\"messages\":[");
        Assert.StartsWith("Malformed input request: ", message);
    }

    [Fact]
    public async Task Converse_UnknownTopLevelKey_Rejected()
    {
        var (_, message) = await Send("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a\"}]}],\"max_tokens\":5}");
        Assert.Contains("extraneous key [max_tokens]", message);
    }

    [Fact]
    public async Task Converse_EmbeddingModel_NotAChatModel()
    {
        var (_, message) = await Send("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a\"}]}]}", "amazon.titan-embed-text-v2:0");
        Assert.Equal("This action doesn't support the model that you provided. Try again with a supported text or chat model.", message);
    }

    [Fact]
    public async Task Converse_ThinkingHistoryWithoutReasoningBlock_Rejected()
    {
        var json = "{" + Tools + ",\"additionalModelRequestFields\":{\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}},\"inferenceConfig\":{\"maxTokens\":2048},\"messages\":[" + ToolTurns
            + ",{\"role\":\"user\",\"content\":[{\"toolResult\":{\"toolUseId\":\"t1\",\"content\":[{\"text\":\"sunny\"}]}}]}]}";
        var (_, message) = await Send(json, "us.anthropic.claude-3-7-sonnet-20250219-v1:0");
        Assert.Contains("Expected `thinking` or `redacted_thinking`, but found `tool_use`", message);
    }

    [Fact]
    public async Task Converse_ThinkingOnNonReasoningModel_Rejected()
    {
        var (_, message) = await Send("{\"additionalModelRequestFields\":{\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}},\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a\"}]}]}", "anthropic.claude-3-5-sonnet-20240620-v1:0");
        Assert.Contains("extraneous key [thinking]", message);
    }
}
