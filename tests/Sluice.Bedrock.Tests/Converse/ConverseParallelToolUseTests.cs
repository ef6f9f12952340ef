using Sluice.Bedrock.Converse;
using Sluice.Core.Chat;
using Sluice.Core.Errors;
using static Sluice.Bedrock.Tests.Converse.ConverseTestData;

namespace Sluice.Bedrock.Tests.Converse;

/// <summary><c>parallel_tool_calls: false</c>: Claude's disable_parallel_tool_use, or a refusal, or a recorded drop.</summary>
public class ConverseParallelToolUseTests
{
    private const string Messages = """{"messages":[{"role":"user","content":[{"text":"Hi"}]}]""";
    private const string ToolConfig = ""","toolConfig":{"tools":[{"toolSpec":{"name":"f","description":"Gets f","inputSchema":{"json":{"type":"object"}}}}]""";

    private static ChatRequest WithTools(bool? parallel, ToolChoice? choice = null, string? effort = null) => new()
    {
        Model = "a/m",
        Messages = [User("Hi")],
        Tools = [Tool("f", """{"type":"object"}""")],
        ToolChoice = choice,
        ParallelToolCalls = parallel,
        ReasoningEffort = effort,
    };

    [Theory]
    [InlineData(null, null, "", """{"type":"auto","disable_parallel_tool_use":true}""")]
    [InlineData(ToolChoiceKind.Auto, null, ""","toolChoice":{"auto":{}}""", """{"type":"auto","disable_parallel_tool_use":true}""")]
    [InlineData(ToolChoiceKind.Required, null, ""","toolChoice":{"any":{}}""", """{"type":"any","disable_parallel_tool_use":true}""")]
    [InlineData(ToolChoiceKind.Function, "f", ""","toolChoice":{"tool":{"name":"f"}}""", """{"type":"tool","name":"f","disable_parallel_tool_use":true}""")]
    public void Write_ParallelToolCallsFalseOnClaude_AnthropicToolChoiceMirrorsTheConverseChoice(ToolChoiceKind? kind, string? name, string converseChoice, string anthropicChoice)
    {
        var request = WithTools(false, kind is { } k ? new ToolChoice(k, name) : null);

        Assert.Equal(
            Messages + ToolConfig + converseChoice + """},"additionalModelRequestFields":{"tool_choice":""" + anthropicChoice + "}}",
            Write(request, Claude));
        Assert.Null(request.DroppedParameters);
    }

    [Fact]
    public void Write_ParallelToolCallsFalseWithThinking_OneAdditionalFieldsObject()
    {
        var json = Write(WithTools(false, effort: "low"), ClaudeThinking);

        Assert.EndsWith(
            ""","additionalModelRequestFields":{"thinking":{"type":"enabled","budget_tokens":1024},"tool_choice":{"type":"auto","disable_parallel_tool_use":true}}}""",
            json);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(null)]
    public void Write_ParallelToolCallsAllowed_NoAdditionalFields(bool? parallel)
    {
        Assert.DoesNotContain("additionalModelRequestFields", Write(WithTools(parallel), Claude), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ParallelToolCallsFalseWithoutTools_NothingToLimit()
    {
        var request = new ChatRequest { Model = "a/m", Messages = [User("Hi")], ParallelToolCalls = false };

        Assert.Equal(Messages + "}", Write(request, Nova));
    }

    [Fact]
    public void Write_ParallelToolCallsFalseOnNova_400NamingParallelToolCalls()
    {
        var e = Assert.Throws<GatewayException>(() => Write(WithTools(false), Nova));

        Assert.Equal((400, "parallel_tool_calls", "unsupported_parameter"), (e.Error.Status, e.Error.Param, e.Error.Code));
        Assert.Contains("drop_params", e.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ParallelToolCallsFalseOnNovaWithDropping_DroppedAndRecorded()
    {
        var request = WithTools(false);
        request.DropUnsupported = true;

        var json = Write(request, Nova);

        Assert.Equal(Messages + ToolConfig + "}}", json);
        Assert.Equal(["parallel_tool_calls"], request.DroppedParameters!);
    }

    [Theory]
    [InlineData("us.anthropic.claude-opus-9-v1:0", true)]
    [InlineData("amazon.nova-9-v1:0", false)]
    public void Permissive_UnknownModel_AnthropicIdGetsClaudesToolChoice(string modelId, bool expected)
    {
        Assert.Equal(expected, ConverseOptions.Permissive(modelId).Capabilities.DisableParallelToolUse);
    }
}
