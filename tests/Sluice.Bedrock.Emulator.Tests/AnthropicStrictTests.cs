using System.Net;
using System.Text;
using System.Text.Json;

namespace Sluice.Bedrock.Emulator.Tests;

/// <summary>
/// The Anthropic body through InvokeModel is held to what Bedrock refuses from Claude Code and from gateways:
/// betas the model lacks, the billing-header system block, beta-only fields without their beta, altered thinking.
/// </summary>
public sealed class AnthropicStrictTests : IAsyncLifetime
{
    private const string Sonnet45 = "anthropic.claude-sonnet-4-5-20250929-v1:0";
    private const string Sonnet35 = "anthropic.claude-3-5-sonnet-20240620-v1:0";
    private const string Head = "\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":2000";
    private const string Thinking = "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}";
    private readonly EmulatorHarness _h = new();

    public async Task InitializeAsync()
    {
        await _h.InitializeAsync();
        _h.Emulator.Fixture.Model(Sonnet45).CacheMinTokens = 4;
    }

    public Task DisposeAsync() => _h.DisposeAsync();

    private Task<HttpResponseMessage> Invoke(string body, string model = Sonnet45, string operation = "invoke") =>
        _h.SendBearer($"/model/{EmulatorHarness.Encode(model)}/{operation}", Encoding.UTF8.GetBytes("{" + Head + "," + body + "}"));

    private static async Task AssertRejected(HttpResponseMessage response, string message)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (type, text) = await EmulatorHarness.ReadError(response);
        Assert.Equal("ValidationException", type);
        Assert.Contains(message, text, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Theory]
    [InlineData("claude-code-20250219")]
    [InlineData("oauth-2025-04-20")]
    [InlineData("not-a-beta")]
    public async Task Invoke_BetaTheModelLacks_InvalidBetaFlag(string beta)
    {
        var response = await Invoke($$"""
            "anthropic_beta":["interleaved-thinking-2025-05-14","{{beta}}"],"messages":[{"role":"user","content":"hi"}]
            """);

        await AssertRejected(response, "invalid beta flag");
    }

    [Fact]
    public async Task Invoke_BetaAcceptedOnOneModelOnly_RefusedOnTheOther()
    {
        const string body = "\"anthropic_beta\":[\"interleaved-thinking-2025-05-14\"],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

        await Ok(await Invoke(body));
        await AssertRejected(await Invoke(body, Sonnet35), "invalid beta flag");
    }

    [Theory]
    [InlineData("\"system\":[{\"type\":\"text\",\"text\":\"x-anthropic-billing-header: cc_version=2.1.220; cc_entrypoint=sdk-cli;\"},{\"type\":\"text\",\"text\":\"You are Claude Code.\"}]")]
    [InlineData("\"system\":\"x-anthropic-billing-header: cc_version=2.1.220;\"")]
    public async Task Invoke_BillingHeaderInSystem_ReservedKeyword(string system)
    {
        var response = await Invoke(system + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]");

        await AssertRejected(response, "x-anthropic-billing-header is a reserved keyword and may not be used in the system prompt.");
    }

    [Fact]
    public async Task Invoke_ContextManagement_OnlyWithItsBeta()
    {
        const string cm = "\"context_management\":{\"edits\":[]},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

        await AssertRejected(await Invoke(cm), "context_management: Extra inputs are not permitted");
        await Ok(await Invoke("\"anthropic_beta\":[\"context-management-2025-06-27\"]," + cm));
    }

    [Fact]
    public async Task Invoke_DeferLoading_OnlyWithToolSearchBeta()
    {
        const string tools = "\"tools\":[{\"name\":\"a\",\"input_schema\":{\"type\":\"object\"}},{\"name\":\"lookup\",\"input_schema\":{\"type\":\"object\"},\"defer_loading\":true}],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

        await AssertRejected(await Invoke(tools), "tools.1.custom.defer_loading: Extra inputs are not permitted");
        await Ok(await Invoke("\"anthropic_beta\":[\"tool-search-tool-2025-10-19\"]," + tools));
    }

    [Fact]
    public async Task Invoke_ServerToolTypeBedrockLacks_InputTagRefused()
    {
        var response = await Invoke("\"tools\":[{\"type\":\"web_fetch_20250910\",\"name\":\"web_fetch\"}],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]");

        await AssertRejected(response, "Input tag 'web_fetch_20250910'");
    }

    [Fact]
    public async Task Invoke_OutputConfig_OnlyWhereTheModelHasIt()
    {
        const string body = "\"output_config\":{\"effort\":\"low\"},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

        await Ok(await Invoke(body));
        var old = await Invoke(body, Sonnet35);
        Assert.Equal(HttpStatusCode.BadRequest, old.StatusCode);
        Assert.Contains("extraneous key [output_config]", (await EmulatorHarness.ReadError(old)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_ThinkingReturnedUnchanged_NextTurnAccepted()
    {
        var first = await Ok(await Invoke(Thinking + ",\"messages\":[{\"role\":\"user\",\"content\":\"tell me\"}]"));
        var content = first.GetProperty("content").GetRawText();

        var second = await Ok(await Invoke(Thinking + $$""","messages":[{"role":"user","content":"tell me"},{"role":"assistant","content":{{content}}},{"role":"user","content":"more"}]"""));

        Assert.Equal("thinking", first.GetProperty("content")[0].GetProperty("type").GetString());
        Assert.Equal("end_turn", second.GetProperty("stop_reason").GetString());
    }

    [Fact]
    public async Task Invoke_ThinkingTextAltered_InvalidSignature()
    {
        var first = await Ok(await Invoke(Thinking + ",\"messages\":[{\"role\":\"user\",\"content\":\"tell me\"}]"));
        var block = first.GetProperty("content")[0];
        var altered = $$"""{"type":"thinking","thinking":{{JsonSerializer.Serialize(block.GetProperty("thinking").GetString() + " ")}},"signature":"{{block.GetProperty("signature").GetString()}}"}""";

        var response = await Invoke(Thinking + $$""","messages":[{"role":"user","content":"tell me"},{"role":"assistant","content":[{{altered}},{"type":"text","text":"ok"}]},{"role":"user","content":"more"}]""");

        await AssertRejected(response, "Invalid `signature` in `thinking` block");
    }

    [Fact]
    public async Task Invoke_ThinkingMovedAfterText_CannotBeModified()
    {
        var first = await Ok(await Invoke(Thinking + ",\"messages\":[{\"role\":\"user\",\"content\":\"tell me\"}]"));
        var thinking = first.GetProperty("content")[0].GetRawText();

        var response = await Invoke(Thinking + $$""","messages":[{"role":"user","content":"tell me"},{"role":"assistant","content":[{"type":"text","text":"ok"},{{thinking}}]},{"role":"user","content":"more"}]""");

        await AssertRejected(response, "blocks in the latest assistant message cannot be modified");
    }

    [Fact]
    public async Task Invoke_TwoThinkingBlocksMerged_InvalidSignature()
    {
        var a = (await Ok(await Invoke(Thinking + ",\"messages\":[{\"role\":\"user\",\"content\":\"first question\"}]"))).GetProperty("content")[0];
        var b = (await Ok(await Invoke(Thinking + ",\"messages\":[{\"role\":\"user\",\"content\":\"second question\"}]"))).GetProperty("content")[0];
        var merged = JsonSerializer.Serialize(a.GetProperty("thinking").GetString() + b.GetProperty("thinking").GetString());

        var response = await Invoke(Thinking + $$""","messages":[{"role":"user","content":"tell me"},{"role":"assistant","content":[{"type":"thinking","thinking":{{merged}},"signature":"{{a.GetProperty("signature").GetString()}}"},{"type":"text","text":"ok"}]},{"role":"user","content":"more"}]""");

        await AssertRejected(response, "Invalid `signature`");
    }

    [Theory]
    [InlineData("1h", 0, 1)]
    [InlineData("5m", 1, 0)]
    public async Task Invoke_CacheControlTtl_ReportedInCacheCreation(string ttl, int fiveMinuteShare, int oneHourShare)
    {
        var body = $$$"""
            "system":[{"type":"text","text":"long stable instructions for the ttl {{{ttl}}} test","cache_control":{"type":"ephemeral","ttl":"{{{ttl}}}"}}],"messages":[{"role":"user","content":"hi"}]
            """;

        var usage = (await Ok(await Invoke(body))).GetProperty("usage");

        var written = usage.GetProperty("cache_creation_input_tokens").GetInt32();
        Assert.True(written > 0);
        Assert.Equal(written * fiveMinuteShare, usage.GetProperty("cache_creation").GetProperty("ephemeral_5m_input_tokens").GetInt32());
        Assert.Equal(written * oneHourShare, usage.GetProperty("cache_creation").GetProperty("ephemeral_1h_input_tokens").GetInt32());
    }

    [Fact]
    public async Task InvokeStream_ThrottledBeforeFirstByte_429()
    {
        _h.Emulator.Fixture.Model(Sonnet45).Knobs.Fault = EmulatorFault.Throttle;

        var response = await Invoke("\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]", operation: "invoke-with-response-stream");

        Assert.Equal((HttpStatusCode)429, response.StatusCode);
        Assert.Equal("ThrottlingException", (await EmulatorHarness.ReadError(response)).Type);
    }

    [Fact]
    public async Task InvokeStream_ExceptionMidStream_ChunksThenExceptionFrame()
    {
        var knobs = _h.Emulator.Fixture.Model(Sonnet45).Knobs;
        knobs.Fault = EmulatorFault.StreamException;
        knobs.FaultAfterEvents = 2;

        var response = await Invoke("\"messages\":[{\"role\":\"user\",\"content\":\"one two three\"}]", operation: "invoke-with-response-stream");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var frames = FrameParser.Parse(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["chunk", "chunk"], frames.Take(2).Select(f => f.Headers[":event-type"]).ToArray());
        Assert.Equal("exception", frames[2].Headers[":message-type"]);
        Assert.Equal("throttlingException", frames[2].Headers[":exception-type"]);
    }

    [Fact]
    public async Task CountTokens_InvokeModelBodyWithBeta_CountsLikeInvoke()
    {
        const string body = "\"anthropic_beta\":[\"interleaved-thinking-2025-05-14\"],\"system\":\"Be brief\",\"messages\":[{\"role\":\"user\",\"content\":\"count these words\"}]";
        var invokeBody = Encoding.UTF8.GetBytes("{" + Head + "," + body + "}");

        var count = await _h.SendBearer($"/model/{EmulatorHarness.Encode(Sonnet45)}/count-tokens", new { input = new { invokeModel = new { body = invokeBody } } });
        var invoked = await Ok(await Invoke(body));

        var tokens = (await Ok(count)).GetProperty("inputTokens").GetInt32();
        Assert.Equal(invoked.GetProperty("usage").GetProperty("input_tokens").GetInt32(), tokens);
    }

    [Fact]
    public async Task CountTokens_InvokeModelBodyWithUnknownBeta_InvalidBetaFlag()
    {
        var invokeBody = Encoding.UTF8.GetBytes("{" + Head + ",\"anthropic_beta\":[\"oauth-2025-04-20\"],\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");

        var count = await _h.SendBearer($"/model/{EmulatorHarness.Encode(Sonnet45)}/count-tokens", new { input = new { invokeModel = new { body = invokeBody } } });

        await AssertRejected(count, "invalid beta flag");
    }
}
