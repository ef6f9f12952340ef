using System.Text;
using System.Text.Json;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using Sluice.Gateway.Tests.Functional;
using static Sluice.Gateway.Tests.AnthropicApi.Functional.AnthropicFunctionalFixture;

namespace Sluice.Gateway.Tests.AnthropicApi.Functional;

/// <summary>The official Anthropic SDK against the gateway and the strict Bedrock emulator: what a user's program sees.</summary>
[Collection(AnthropicFunctionalCollection.Name)]
public sealed class MessagesFunctionalTests(AnthropicFunctionalFixture fixture)
{
    private const string WeatherTool = """[{"name":"get_weather","description":"The weather in a city","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]""";

    [Fact]
    public async Task Create_PlainText_EchoedWithUsageRecordAndCost()
    {
        var id = NewRequestId();
        var message = await fixture.Sdk(id).Messages.Create(new MessageCreateParams
        {
            Model = Claude,
            MaxTokens = 100,
            Messages = [new UserMessageParam("Hello there friend")],
        });

        Assert.Equal(Claude, message.Model.Raw());
        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.Equal("Hello there friend", text!.Text);
        Assert.Equal("end_turn", message.StopReason!.Raw());
        var record = await fixture.UsageRecordAsync(id);
        Assert.Equal("messages", record.GetProperty("operation").GetString());
        Assert.Equal(Claude, record.GetProperty("model").GetString());
        Assert.Equal(message.Usage.InputTokens, record.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(message.Usage.OutputTokens, record.GetProperty("completion_tokens").GetInt32());
        AssertCatalogueCost(record);
    }

    [Fact]
    public async Task Create_BearerToken_Answers()
    {
        var message = await fixture.Sdk(NewRequestId(), bearer: true).Messages.Create(new MessageCreateParams
        {
            Model = Claude,
            MaxTokens = 100,
            Messages = [new UserMessageParam("bearer works")],
        });

        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.Equal("bearer works", text!.Text);
    }

    [Fact]
    public async Task CreateStreaming_Text_EventsAndStreamUsageRecord()
    {
        var id = NewRequestId();
        var text = new StringBuilder();
        var types = new List<string>();
        await foreach (var e in fixture.Sdk(id).Messages.CreateStreaming(new MessageCreateParams
        {
            Model = Claude,
            MaxTokens = 100,
            Messages = [new UserMessageParam("one two three four")],
        }))
        {
            types.Add(e.Type.Raw());
            if (e.TryPickContentBlockDelta(out var delta) && delta!.Delta.TryPickText(out var piece)) text.Append(piece!.Text);
        }

        Assert.Equal("one two three four", text.ToString().Trim());
        Assert.Equal("message_start", types[0]);
        Assert.Equal("message_stop", types[^1]);
        var record = await fixture.UsageRecordAsync(id);
        Assert.Equal("messages.stream", record.GetProperty("operation").GetString());
        Assert.Equal(200, record.GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.Number, record.GetProperty("ttft_ms").ValueKind);
        Assert.True(record.GetProperty("completion_tokens").GetInt32() > 0);
    }

    [Fact]
    public async Task Create_ToolsAcrossTurns_ToolUseThenAnswerFromTheResult()
    {
        var sdk = fixture.Sdk(NewRequestId());
        var first = await sdk.Messages.Create(SdkParams.Create($$"""
            {"model":"{{Claude}}","max_tokens":200,"tools":{{WeatherTool}},
             "messages":[{"role":"user","content":"call get_weather city=Paris"}]}
            """));

        Assert.Equal("tool_use", first.StopReason!.Raw());
        var toolUse = first.Content.Single(b => b.TryPickToolUse(out _));
        Assert.True(toolUse.TryPickToolUse(out var call));
        Assert.Equal("get_weather", call!.Name);

        var second = await sdk.Messages.Create(SdkParams.Create($$"""
            {"model":"{{Claude}}","max_tokens":200,"tools":{{WeatherTool}},
             "messages":[{"role":"user","content":"call get_weather city=Paris"},
                         {"role":"assistant","content":{{SdkParams.Blocks(first)}}},
                         {"role":"user","content":[{"type":"tool_result","tool_use_id":"{{call.ID}}","content":"sunny 21C"}]}]}
            """));

        Assert.Equal("end_turn", second.StopReason!.Raw());
        Assert.True(second.Content[0].TryPickText(out var text));
        Assert.Contains("sunny 21C", text!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_Image_Accepted()
    {
        // A PNG header that says 2x3 pixels: the emulator reads the size, as Bedrock does, and refuses bytes that are no PNG.
        byte[] header = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 0, 2, 0, 0, 0, 3, 8, 2, 0, 0, 0, 0, 0, 0, 0];
        var png = Convert.ToBase64String(header);
        var message = await fixture.Sdk(NewRequestId()).Messages.Create(SdkParams.Create($$$"""
            {"model":"{{{Claude}}}","max_tokens":100,"messages":[{"role":"user","content":[
              {"type":"image","source":{"type":"base64","media_type":"image/png","data":"{{{png}}}"}},
              {"type":"text","text":"what is in the picture"}]}]}
            """));

        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.Contains("what is in the picture", text!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ThinkingWithSignatureCarriedIntoTheNextTurn_Accepted()
    {
        var sdk = fixture.Sdk(NewRequestId());
        const string Thinking = "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}";
        var first = await sdk.Messages.Create(SdkParams.Create($$"""
            {"model":"{{Claude}}","max_tokens":2048,{{Thinking}},"tools":{{WeatherTool}},
             "messages":[{"role":"user","content":"call get_weather city=Oslo"}]}
            """));

        Assert.True(first.Content[0].TryPickThinking(out var thinking));
        Assert.False(string.IsNullOrEmpty(thinking!.Signature));
        Assert.True(first.Content[^1].TryPickToolUse(out var call));

        var second = await sdk.Messages.Create(SdkParams.Create(NextTurn(SdkParams.Blocks(first), call!.ID)));

        Assert.True(second.Content[0].TryPickThinking(out _));
        Assert.True(second.Content[^1].TryPickText(out var text));
        Assert.Contains("snow", text!.Text, StringComparison.Ordinal);

        // The same turn with the signature altered is what Bedrock refuses: the caller gets Anthropic's 400.
        var tampered = SdkParams.Blocks(first).Replace(thinking.Signature, "x" + thinking.Signature[1..], StringComparison.Ordinal);
        await Assert.ThrowsAsync<AnthropicBadRequestException>(() => sdk.Messages.Create(SdkParams.Create(NextTurn(tampered, call.ID))));

        string NextTurn(string assistantBlocks, string toolUseId) => $$"""
            {"model":"{{Claude}}","max_tokens":2048,{{Thinking}},"tools":{{WeatherTool}},
             "messages":[{"role":"user","content":"call get_weather city=Oslo"},
                         {"role":"assistant","content":{{assistantBlocks}}},
                         {"role":"user","content":[{"type":"tool_result","tool_use_id":"{{toolUseId}}","content":"snow"}]}]}
            """;
    }

    [Fact]
    public async Task Create_CacheControl_WriteThenReadInUsageAndCost()
    {
        var system = string.Join(' ', Enumerable.Range(0, 3 * CacheMinWords).Select(i => "rule" + i)) + " " + Guid.NewGuid().ToString("N");
        var body = $$$"""
            {"model":"{{{Claude}}}","max_tokens":100,
             "system":[{"type":"text","text":"{{{system}}}","cache_control":{"type":"ephemeral"}}],
             "messages":[{"role":"user","content":"cache me"}]}
            """;
        var (writeId, readId) = (NewRequestId(), NewRequestId());

        var written = await fixture.Sdk(writeId).Messages.Create(SdkParams.Create(body));
        var read = await fixture.Sdk(readId).Messages.Create(SdkParams.Create(body));

        Assert.True(written.Usage.CacheCreationInputTokens > 0);
        Assert.Equal(written.Usage.CacheCreationInputTokens, read.Usage.CacheReadInputTokens);
        var writeRecord = await fixture.UsageRecordAsync(writeId);
        var readRecord = await fixture.UsageRecordAsync(readId);
        Assert.Equal(written.Usage.CacheCreationInputTokens, writeRecord.GetProperty("cache_write_tokens").GetInt32());
        Assert.Equal(read.Usage.CacheReadInputTokens, readRecord.GetProperty("cached_tokens").GetInt32());
        // Core counts cache reads and writes in the prompt; Anthropic's input_tokens does not.
        Assert.Equal(read.Usage.InputTokens + read.Usage.CacheReadInputTokens, readRecord.GetProperty("prompt_tokens").GetInt32());
        AssertCatalogueCost(writeRecord);
        AssertCatalogueCost(readRecord);
        Assert.True(readRecord.GetProperty("cost_usd").GetDecimal() < writeRecord.GetProperty("cost_usd").GetDecimal());
    }

    [Fact]
    public async Task CountTokens_Claude_CountFromBedrock()
    {
        var count = await fixture.Sdk(NewRequestId()).Messages.CountTokens(new MessageCountTokensParams
        {
            Model = Claude,
            Messages = [new UserMessageParam("count these five words")],
        });

        Assert.True(count.InputTokens > 0);
    }

    [Fact]
    public async Task Create_NonClaudeModel_TranslatedThroughConverse()
    {
        var id = NewRequestId();
        var message = await fixture.Sdk(id).Messages.Create(new MessageCreateParams
        {
            Model = Nova,
            MaxTokens = 100,
            System = "Be brief.",
            Messages = [new UserMessageParam("translated hello")],
        });

        Assert.Equal(Nova, message.Model.Raw());
        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.Equal("translated hello", text!.Text);
        Assert.Equal("Converse", fixture.Emulator.Stats.LastRequest!.Operation);
        Assert.Equal("messages", (await fixture.UsageRecordAsync(id)).GetProperty("operation").GetString());
    }

    [Fact]
    public async Task Create_VirtualModelWhoseFirstTargetIsThrottled_FallsBackToTheNextClaude() => await fixture.WithFaultAsync(k => k.Fault = Bedrock.Emulator.EmulatorFault.Throttle, async () =>
    {
        var id = NewRequestId();
        var message = await fixture.Sdk(id).Messages.Create(new MessageCreateParams
        {
            Model = Routed,
            MaxTokens = 100,
            Messages = [new UserMessageParam("routed hello")],
        });

        Assert.Equal(Routed, message.Model.Raw());
        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.Equal("routed hello", text!.Text);
        var record = await fixture.UsageRecordAsync(id, r => r.GetProperty("status").GetInt32() == 200);
        var throttled = await fixture.UsageRecordAsync(id, r => r.GetProperty("status").GetInt32() == 429);
        Assert.Equal(Routed, record.GetProperty("model").GetString());
        Assert.Equal("messages", throttled.GetProperty("operation").GetString());
        Assert.Equal("us.anthropic.claude-3-7-sonnet-20250219-v1:0", record.GetProperty("upstream_model_id").GetString());
    });

    [Fact]
    public async Task CreateStreaming_VirtualModel_ServedByItsFirstTarget()
    {
        var text = new StringBuilder();
        await foreach (var e in fixture.Sdk(NewRequestId()).Messages.CreateStreaming(new MessageCreateParams
        {
            Model = Routed,
            MaxTokens = 100,
            Messages = [new UserMessageParam("routed stream")],
        }))
        {
            if (e.TryPickContentBlockDelta(out var delta) && delta!.Delta.TryPickText(out var piece)) text.Append(piece!.Text);
        }

        Assert.Equal("routed stream", text.ToString().Trim());
        Assert.Equal("InvokeModelWithResponseStream", fixture.Emulator.Stats.LastRequest!.Operation);
    }

    private static void AssertCatalogueCost(JsonElement record)
    {
        // A US profile is priced at the catalogue's geo rates (the record names the geography: geo:us).
        Assert.Equal("geo:us", record.GetProperty("price_scope").GetString());
        var prices = CataloguePrices.Load().Tokens(ClaudeFoundationId, "geo");
        Assert.Equal(prices.Cost(record), record.GetProperty("cost_usd").GetDecimal());
    }
}
