using System.Text.Json;
using Sluice.Core.Chat;
using Sluice.Core.Errors;
using static Sluice.Bedrock.Tests.Converse.ConverseTestData;

namespace Sluice.Bedrock.Tests.Converse;

public class ConverseRequestWriterTests
{
    [Fact]
    public void Write_SimpleChat_ExactJson()
    {
        var request = new ChatRequest { Model = "a/m", Messages = [User("Hello")], MaxTokens = 256, Temperature = 0.5f, TopP = 0.9f, Stop = ["END", ""] };

        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"text":"Hello"}]}],"inferenceConfig":{"maxTokens":256,"temperature":0.5,"topP":0.9,"stopSequences":["END"]}}""",
            Write(request));
    }

    [Fact]
    public void Write_SystemAndDeveloper_BecomeSystemBlocksInOrder()
    {
        var json = Write(Request(SystemMessage("Be brief."), Developer("Answer in French."), User("Hi é <b>")));

        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"text":"Hi é <b>"}]}],"system":[{"text":"Be brief."},{"text":"Answer in French."}]}""",
            json);
    }

    [Fact]
    public void Write_ParallelToolCallsAndResults_MergedIntoAlternatingTurns()
    {
        var request = Request(
            User("Weather in Paris and Rome?"),
            AssistantCalls(new ToolCall("call_1", "get_weather", """{"city": "Paris"}"""), new ToolCall("call_2", "get_weather", """{"city":"Rome"}""")),
            ToolResult("call_1", "18C"),
            ToolResult("call_2", "25C"),
            User("Thanks"));
        var withTools = new ChatRequest { Model = "a/m", Messages = request.Messages, Tools = [Tool("get_weather", """{"type":"object","properties":{"city":{"type":"string"}}}""")] };

        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"text":"Weather in Paris and Rome?"}]},""" +
            """{"role":"assistant","content":[{"toolUse":{"toolUseId":"call_1","name":"get_weather","input":{"city":"Paris"}}},{"toolUse":{"toolUseId":"call_2","name":"get_weather","input":{"city":"Rome"}}}]},""" +
            """{"role":"user","content":[{"toolResult":{"toolUseId":"call_1","content":[{"text":"18C"}]}},{"toolResult":{"toolUseId":"call_2","content":[{"text":"25C"}]}},{"text":"Thanks"}]}]""" +
            ""","toolConfig":{"tools":[{"toolSpec":{"name":"get_weather","description":"Gets get_weather","inputSchema":{"json":{"type":"object","properties":{"city":{"type":"string"}}}}}}]}}""",
            Write(withTools));
    }

    [Fact]
    public void Write_FailedToolResult_StatusError()
    {
        var failed = new ChatMessage { Role = ChatRole.Tool, ToolCallId = "call_1", Content = [new TextPart("city not found")], IsError = true };
        var request = Request(User("Weather?"), AssistantCalls(new ToolCall("call_1", "get_weather", "{}")), failed);

        Assert.Contains(
            """{"toolResult":{"toolUseId":"call_1","content":[{"text":"city not found"}],"status":"error"}}""",
            Write(request));
    }

    [Fact]
    public void Write_ToolHistoryWithoutTools_SynthesizesToolConfig()
    {
        var request = Request(
            User("Weather?"),
            AssistantCalls(new ToolCall("call_1", "get_weather", "{}"), new ToolCall("call_2", "get_time", "")),
            ToolResult("call_1", "18C"),
            ToolResult("call_2", ""));

        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"text":"Weather?"}]},""" +
            """{"role":"assistant","content":[{"toolUse":{"toolUseId":"call_1","name":"get_weather","input":{}}},{"toolUse":{"toolUseId":"call_2","name":"get_time","input":{}}}]},""" +
            """{"role":"user","content":[{"toolResult":{"toolUseId":"call_1","content":[{"text":"18C"}]}},{"toolResult":{"toolUseId":"call_2","content":[{"text":"(no output)"}]}}]}]""" +
            ""","toolConfig":{"tools":[{"toolSpec":{"name":"get_weather","inputSchema":{"json":{"type":"object","properties":{}}}}},{"toolSpec":{"name":"get_time","inputSchema":{"json":{"type":"object","properties":{}}}}}]}}""",
            Write(request));
    }

    [Fact]
    public void Write_ToolChoiceNoneWithoutHistory_OmitsTools()
    {
        var request = new ChatRequest { Model = "a/m", Messages = [User("Hi")], Tools = [Tool("f", """{"type":"object"}""")], ToolChoice = ToolChoice.None };

        Assert.Equal("""{"messages":[{"role":"user","content":[{"text":"Hi"}]}]}""", Write(request));
    }

    [Fact]
    public void Write_ToolChoiceNoneWithHistory_DeclaresOnlyHistoryToolsWithoutChoice()
    {
        var request = new ChatRequest
        {
            Model = "a/m",
            Messages = [User("Hi"), AssistantCalls(new ToolCall("c1", "f", "{}")), ToolResult("c1", "ok")],
            Tools = [Tool("f", """{"type":"object"}"""), Tool("g", """{"type":"object"}""")],
            ToolChoice = ToolChoice.None,
        };

        var json = Write(request);

        Assert.EndsWith(""","toolConfig":{"tools":[{"toolSpec":{"name":"f","inputSchema":{"json":{"type":"object","properties":{}}}}}]}}""", json);
        Assert.DoesNotContain("toolChoice", json);
        Assert.DoesNotContain("\"none\"", json);
    }

    [Theory]
    [InlineData(ToolChoiceKind.Required, null, ""","toolChoice":{"any":{}}""")]
    [InlineData(ToolChoiceKind.Function, "f", ""","toolChoice":{"tool":{"name":"f"}}""")]
    [InlineData(ToolChoiceKind.Auto, null, ""","toolChoice":{"auto":{}}""")]
    public void Write_ToolChoice_MapsToConverseUnion(ToolChoiceKind kind, string? name, string expected)
    {
        var request = new ChatRequest { Model = "a/m", Messages = [User("Hi")], Tools = [Tool("f", """{"type":"object"}""")], ToolChoice = new ToolChoice(kind, name) };

        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"text":"Hi"}]}],"toolConfig":{"tools":[{"toolSpec":{"name":"f","description":"Gets f","inputSchema":{"json":{"type":"object"}}}}]""" + expected + "}}",
            Write(request));
    }

    [Fact]
    public void Write_ToolWithoutParameters_GetsEmptyObjectSchema()
    {
        var request = new ChatRequest { Model = "a/m", Messages = [User("Hi")], Tools = [new ToolDefinition("ping", null, null)] };

        Assert.Contains("""{"toolSpec":{"name":"ping","inputSchema":{"json":{"type":"object","properties":{}}}}""", Write(request));
    }

    [Fact]
    public void Write_ToolChoiceNamesUnknownFunction_400NamingToolChoice()
    {
        var request = new ChatRequest { Model = "a/m", Messages = [User("Hi")], Tools = [Tool("f", "{}")], ToolChoice = ToolChoice.Function("g") };

        var e = Assert.Throws<GatewayException>(() => Write(request));
        Assert.Equal(("tool_choice", 400), (e.Error.Param, e.Error.Status));
    }

    [Fact]
    public void Write_ImageData_Base64WithFormat()
    {
        var message = new ChatMessage { Role = ChatRole.User, Content = [new TextPart("What is this?"), new ImagePart(new byte[] { 1, 2, 3, 255 }, "image/jpeg")] };

        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"text":"What is this?"},{"image":{"format":"jpeg","source":{"bytes":"AQID/w=="}}}]}]}""",
            Write(Request(message)));
    }

    [Fact]
    public void Write_UnsupportedImageType_400NamingContentPart()
    {
        var message = new ChatMessage { Role = ChatRole.User, Content = [new TextPart("x"), new ImagePart(new byte[] { 1 }, "image/tiff")] };

        var e = Assert.Throws<GatewayException>(() => Write(Request(User("a"), Assistant("b"), message)));
        Assert.Equal("messages[2].content[1]", e.Error.Param);
        Assert.Contains("image/tiff", e.Error.Message);
    }

    [Fact]
    public void Write_ImageToTextOnlyModel_400()
    {
        var message = new ChatMessage { Role = ChatRole.User, Content = [new ImagePart(new byte[] { 1 }, "image/png")] };

        var e = Assert.Throws<GatewayException>(() => Write(Request(message), TextOnly));
        Assert.Contains("does not accept images", e.Error.Message);
    }

    [Fact]
    public void Write_JsonSchema_OutputConfigWithSchemaAsString()
    {
        var schema = JsonDocument.Parse("""{ "type": "object", "properties": { "a": { "type": "string" } } }""").RootElement.Clone();
        var request = new ChatRequest { Model = "a/m", Messages = [User("Hi")], ResponseFormat = new ResponseFormat(ResponseFormatKind.JsonSchema, "answer", schema, "The answer") };

        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"text":"Hi"}]}],"outputConfig":{"textFormat":{"type":"json_schema","structure":{"jsonSchema":{"schema":"{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}","name":"answer","description":"The answer"}}}}}""",
            Write(request));
    }

    [Fact]
    public void Write_JsonObject_AddsSystemInstruction()
    {
        var request = new ChatRequest { Model = "a/m", Messages = [User("Hi")], ResponseFormat = new ResponseFormat(ResponseFormatKind.JsonObject) };

        Assert.Contains("""],"system":[{"text":"Respond with a single valid JSON object only""", Write(request));
    }

    [Theory]
    [InlineData("low", null, 1024, 5120)]
    [InlineData("medium", 8000, 4096, 8000)]
    [InlineData("high", 1000, 16384, 17384)]
    public void Write_ReasoningEffortAnthropic_ThinkingBudgetAndMaxTokensAboveIt(string effort, int? maxTokens, int budget, int expectedMax)
    {
        var request = new ChatRequest { Model = "a/m", Messages = [User("Hi")], ReasoningEffort = effort, MaxTokens = maxTokens };

        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"text":"Hi"}]}],"inferenceConfig":{"maxTokens":""" + expectedMax + """},"additionalModelRequestFields":{"thinking":{"type":"enabled","budget_tokens":""" + budget + "}}}",
            Write(request, ClaudeThinking));
    }

    [Fact]
    public void Write_ReasoningEffortNova_ReasoningConfig()
    {
        var request = new ChatRequest { Model = "a/m", Messages = [User("Hi")], ReasoningEffort = "medium" };

        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"text":"Hi"}]}],"additionalModelRequestFields":{"reasoningConfig":{"type":"enabled","maxReasoningEffort":"medium"}}}""",
            Write(request, Nova2));
    }

    [Fact]
    public void Write_ReasoningEffortOnModelWithoutReasoning_400NamingReasoningEffort()
    {
        var request = new ChatRequest { Model = "a/m", Messages = [User("Hi")], ReasoningEffort = "high" };

        var e = Assert.Throws<GatewayException>(() => Write(request, Claude));
        Assert.Equal("reasoning_effort", e.Error.Param);
    }

    [Fact]
    public void Write_AssistantReasoning_SentFirstWithSignature()
    {
        var assistant = new ChatMessage
        {
            Role = ChatRole.Assistant,
            Content = [new TextPart("Let me check.")],
            Reasoning = new ReasoningContent("I should call f.", "sig=="),
            ToolCalls = [new ToolCall("c1", "f", "{}")],
        };

        var json = Write(Request(User("Hi"), assistant, ToolResult("c1", "ok")), ClaudeThinking);

        Assert.Contains(
            """{"role":"assistant","content":[{"reasoningContent":{"reasoningText":{"text":"I should call f.","signature":"sig=="}}},{"text":"Let me check."},{"toolUse":{"toolUseId":"c1","name":"f","input":{}}}]}""",
            json);
    }

    [Fact]
    public void Write_EmptyTextParts_DroppedAndEmptyAssistantOmitted()
    {
        var user = new ChatMessage { Role = ChatRole.User, Content = [new TextPart(""), new TextPart("Hi"), new TextPart("  \n")] };

        var json = Write(Request(SystemMessage("  "), user, Assistant(" "), User("Again")));

        Assert.Equal("""{"messages":[{"role":"user","content":[{"text":"Hi"},{"text":"Again"}]}]}""", json);
    }

    [Fact]
    public void Write_UserMessageWithOnlyWhitespace_400NamingMessage()
    {
        var e = Assert.Throws<GatewayException>(() => Write(Request(User("Hi"), Assistant("Yes"), User("   "))));

        Assert.Equal("messages[2].content", e.Error.Param);
    }

    [Fact]
    public void Write_InvalidToolArguments_400NamingArguments()
    {
        var request = Request(User("Hi"), AssistantCalls(new ToolCall("c1", "f", "{}"), new ToolCall("c2", "f", "{not json")), ToolResult("c1", "a"), ToolResult("c2", "b"));

        var e = Assert.Throws<GatewayException>(() => Write(request));
        Assert.Equal("messages[1].tool_calls[1].function.arguments", e.Error.Param);
        Assert.Equal(400, e.Error.Status);
    }

    [Fact]
    public void Write_UserAndMetadata_OnlyAllowedEntriesSent()
    {
        var request = new ChatRequest
        {
            Model = "a/m",
            Messages = [User("Hi")],
            User = "alice@example.com",
            Metadata = new() { ["team"] = "ml-platform", ["bad"] = "emoji 😀", ["quote\""] = "x" },
        };

        Assert.EndsWith(""","requestMetadata":{"user":"alice@example.com","team":"ml-platform"}}""", Write(request));
    }

    [Fact]
    public void Write_TemperatureAboveOne_400NamingTemperature()
    {
        var request = new ChatRequest { Model = "a/m", Messages = [User("Hi")], Temperature = 1.5f };

        Assert.Equal("temperature", Assert.Throws<GatewayException>(() => Write(request)).Error.Param);
    }

    [Fact]
    public void Write_ToolsOnModelWithoutTools_400NamingTools()
    {
        var request = new ChatRequest { Model = "a/m", Messages = [User("Hi")], Tools = [Tool("f", "{}")] };

        Assert.Equal("tools", Assert.Throws<GatewayException>(() => Write(request, TextOnly)).Error.Param);
    }
}
