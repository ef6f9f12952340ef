using System.Text.Json.Nodes;
using Sluice.Core.Errors;

namespace Sluice.Bedrock.Tests.Messages;

/// <summary>
/// What Claude Code sends that Bedrock refuses, adjusted so the request succeeds the first time against the strict
/// emulator: betas filtered per model, the billing-header system block stripped, beta-only fields removed or kept
/// with their Bedrock beta, server tools refused.
/// </summary>
public sealed class ProviderMessagesAdjustmentTests : IClassFixture<MessagesEmulatorHost>
{
    private const string Sonnet35 = "anthropic.claude-3-5-sonnet-20240620-v1:0";
    private readonly MessagesEmulatorHost _host;

    public ProviderMessagesAdjustmentTests(MessagesEmulatorHost host)
    {
        _host = host;
        host.Reset();
    }

    private JsonObject Sent => MessagesBodies.Json(_host.Stats.LastRequest!.Body);

    [Fact]
    public async Task SendMessagesAsync_ClaudeCodeBetas_AcceptedSentOthersDroppedAndReported()
    {
        var request = MessagesBodies.Request(
            """{"model":"claude-sonnet-4-5","max_tokens":50,"anthropic_beta":["prompt-caching-scope-2026-01-05"],"messages":[{"role":"user","content":"hi"}]}""",
            "claude-code-20250219", "interleaved-thinking-2025-05-14", "fine-grained-tool-streaming-2025-05-14", "oauth-2025-04-20");

        var response = await _host.Messages().SendMessagesAsync(request, default);

        Assert.Equal(200, _host.Stats.LastRequest!.StatusCode);
        Assert.Equal(["interleaved-thinking-2025-05-14", "fine-grained-tool-streaming-2025-05-14"],
            Sent["anthropic_beta"]!.AsArray().Select(b => (string)b!).ToArray());
        Assert.Equal(["claude-code-20250219", "oauth-2025-04-20", "prompt-caching-scope-2026-01-05"], response.Adjustments.DroppedBetas);
        Assert.Empty(response.Adjustments.DroppedFields);
    }

    [Fact]
    public async Task SendMessagesAsync_ModelWithoutBetas_NoAnthropicBetaSent()
    {
        var request = MessagesBodies.Request("""{"model":"x","max_tokens":50,"messages":[{"role":"user","content":"hi"}]}""", "interleaved-thinking-2025-05-14");

        var response = await _host.Messages(Sonnet35).SendMessagesAsync(request, default);

        Assert.False(Sent.ContainsKey("anthropic_beta"));
        Assert.Equal(["interleaved-thinking-2025-05-14"], response.Adjustments.DroppedBetas);
    }

    [Fact]
    public async Task SendMessagesAsync_AnthropicToolSearchBetaName_SentAsBedrockName()
    {
        var request = MessagesBodies.Request("""{"model":"x","max_tokens":50,"messages":[{"role":"user","content":"hi"}]}""", "advanced-tool-use-2025-11-20");

        var response = await _host.Messages().SendMessagesAsync(request, default);

        Assert.Equal(["tool-search-tool-2025-10-19"], Sent["anthropic_beta"]!.AsArray().Select(b => (string)b!).ToArray());
        Assert.Empty(response.Adjustments.DroppedBetas);
    }

    [Fact]
    public async Task SendMessagesAsync_BillingHeaderSystemBlock_StrippedAndReported()
    {
        var request = MessagesBodies.Request("""
            {"model":"claude-sonnet-4-5","max_tokens":50,"system":[
              {"type":"text","text":"x-anthropic-billing-header: cc_version=2.1.220.abc; cc_entrypoint=sdk-cli;"},
              {"type":"text","text":"You are Claude Code."}],
             "messages":[{"role":"user","content":"hi"}]}
            """);

        var response = await _host.Messages().SendMessagesAsync(request, default);

        var system = Sent["system"]!.AsArray();
        Assert.Single(system);
        Assert.Equal("You are Claude Code.", (string?)system[0]!["text"]);
        Assert.Equal(["system[0]"], response.Adjustments.DroppedFields);
        Assert.Equal(2, request.Body["system"]!.AsArray().Count);
    }

    [Fact]
    public async Task SendMessagesAsync_ContextManagementOnModelWithItsBeta_KeptAndBetaAdded()
    {
        var request = MessagesBodies.UserText("hi", """ "context_management":{"edits":[{"type":"clear_tool_uses_20250919"}]} """);

        var response = await _host.Messages().SendMessagesAsync(request, default);

        Assert.True(Sent.ContainsKey("context_management"));
        Assert.Contains("context-management-2025-06-27", Sent["anthropic_beta"]!.AsArray().Select(b => (string)b!));
        Assert.Empty(response.Adjustments.DroppedFields);
    }

    [Fact]
    public async Task SendMessagesAsync_ContextManagementAndDeferLoadingWithoutTheirBeta_RemovedAndReported()
    {
        var request = MessagesBodies.Request("""
            {"model":"x","max_tokens":50,"context_management":{"edits":[]},
             "tools":[{"name":"lookup","description":"Looks up","input_schema":{"type":"object"},"defer_loading":true}],
             "messages":[{"role":"user","content":"hi"}]}
            """);

        var response = await _host.Messages(Sonnet35).SendMessagesAsync(request, default);

        Assert.Equal(200, _host.Stats.LastRequest!.StatusCode);
        Assert.False(Sent.ContainsKey("context_management"));
        Assert.False(Sent["tools"]![0]!.AsObject().ContainsKey("defer_loading"));
        Assert.Equal(["context_management", "tools.0.defer_loading"], response.Adjustments.DroppedFields);
    }

    [Fact]
    public async Task SendMessagesAsync_DeferLoadingOnModelWithToolSearch_KeptWithBeta()
    {
        var request = MessagesBodies.UserText("hi", """ "tools":[{"name":"lookup","input_schema":{"type":"object"},"defer_loading":true}] """);

        await _host.Messages().SendMessagesAsync(request, default);

        Assert.True((bool)Sent["tools"]![0]!["defer_loading"]!);
        Assert.Contains("tool-search-tool-2025-10-19", Sent["anthropic_beta"]!.AsArray().Select(b => (string)b!));
    }

    [Theory]
    [InlineData("web_search_20250305", "web_search")]
    [InlineData("web_fetch_20250910", "web_fetch")]
    [InlineData("code_execution_20250825", "code_execution")]
    public async Task SendMessagesAsync_ServerTool_RefusedNamingToolBeforeAnyCall(string type, string name)
    {
        var request = MessagesBodies.UserText("hi", $$$""" "tools":[{"name":"ok","input_schema":{"type":"object"}},{"type":"{{{type}}}","name":"{{{name}}}"}] """);

        var e = await Assert.ThrowsAsync<GatewayException>(() => _host.Messages().SendMessagesAsync(request, default));

        Assert.Equal(400, e.Error.Status);
        Assert.Equal("tools", e.Error.Param);
        Assert.Contains(name, e.Error.Message, StringComparison.Ordinal);
        Assert.Contains("Bedrock does not run", e.Error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _host.Stats.TotalRuntimeCalls);
    }

    [Fact]
    public async Task SendMessagesAsync_ClientExecutedToolTypes_Pass()
    {
        var request = MessagesBodies.UserText("hi", """
            "tools":[{"type":"bash_20250124","name":"bash"},{"type":"text_editor_20250728","name":"str_replace_based_edit_tool"},
                     {"type":"computer_20250124","name":"computer","display_width_px":1024,"display_height_px":768}]
            """);

        await _host.Messages().SendMessagesAsync(request, default);

        Assert.Equal(200, _host.Stats.LastRequest!.StatusCode);
        Assert.Equal(3, Sent["tools"]!.AsArray().Count);
    }
}
