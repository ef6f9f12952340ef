using System.Text;
using System.Text.Json;
using Anthropic.Models.Messages;
using Sluice.Gateway.Tests.AnthropicApi.Functional;
using static Sluice.Gateway.Tests.Providers.Anthropic.AnthropicProviderFixture;

namespace Sluice.Gateway.Tests.Providers.Anthropic;

/// <summary><c>/v1/messages</c> on an Anthropic account, through the Anthropic SDK: the body passes through, only <c>model</c> replaced.</summary>
[Collection(AnthropicProviderCollection.Name)]
public sealed class AnthropicMessagesTests(AnthropicProviderFixture fx)
{
    private const string WeatherTool = """[{"name":"get_weather","description":"The weather in a city","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]""";

    [Fact]
    public async Task Create_Plain_PassedThroughWithTheAccountsModelAndRecordsCost()
    {
        var id = NewRequestId();
        var message = await fx.Sdk(id).Messages.Create(new MessageCreateParams
        {
            Model = Sonnet,
            MaxTokens = 100,
            Messages = [new UserMessageParam("Hello through Messages")],
            Metadata = new Metadata { UserID = "user-42" },
        });

        Assert.Equal(Sonnet, message.Model.Raw());
        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.Equal("Hello through Messages", text!.Text);
        var sent = fx.LastReceived();
        using var body = JsonDocument.Parse(sent.Body);
        Assert.Equal(SonnetId, body.RootElement.GetProperty("model").GetString());
        Assert.Equal("user-42", body.RootElement.GetProperty("metadata").GetProperty("user_id").GetString());
        Assert.False(body.RootElement.TryGetProperty("stream", out _));

        var record = (await fx.UsageAsync(id)).Single();
        Assert.Equal("messages", record.GetProperty("operation").GetString());
        Assert.Equal(message.Usage.InputTokens, record.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal((message.Usage.InputTokens * 3m + message.Usage.OutputTokens * 15m) / 1_000_000m, record.GetProperty("cost_usd").GetDecimal());
    }

    [Fact]
    public async Task CreateStreaming_Text_EveryEventRelayedInAnthropicsOrder()
    {
        var id = NewRequestId();
        var types = new List<string>();
        var text = new StringBuilder();
        await foreach (var e in fx.Sdk(id).Messages.CreateStreaming(new MessageCreateParams
        {
            Model = Sonnet,
            MaxTokens = 100,
            Messages = [new UserMessageParam("alpha beta gamma")],
        }))
        {
            types.Add(e.Type.Raw());
            if (e.TryPickContentBlockDelta(out var delta) && delta!.Delta.TryPickText(out var piece)) text.Append(piece!.Text);
        }

        Assert.Equal("alpha beta gamma", text.ToString());
        Assert.Equal(["message_start", "content_block_start", "content_block_delta", "content_block_delta", "content_block_delta",
            "content_block_stop", "message_delta", "message_stop"], types.Where(t => t != "ping"));

        // On the wire the events are Anthropic's, Anthropic's ping included, in Anthropic's order.
        var (_, raw, _) = await fx.PostAsync("/v1/messages", $$"""{"model":"{{Sonnet}}","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"alpha beta gamma"}]}""", NewRequestId());
        var names = raw.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e.Split('\n')[0]).ToList();
        Assert.Equal(["event: message_start", "event: ping", "event: content_block_start", "event: content_block_delta", "event: content_block_delta",
            "event: content_block_delta", "event: content_block_stop", "event: message_delta", "event: message_stop"], names);
        var record = (await fx.UsageAsync(id)).Single();
        Assert.Equal("messages.stream", record.GetProperty("operation").GetString());
        Assert.Equal(3, record.GetProperty("completion_tokens").GetInt32());
        Assert.True(record.GetProperty("cost_usd").GetDecimal() > 0);
    }

    [Fact]
    public async Task Create_ToolsAcrossTurns_ToolUseThenAnswer()
    {
        var sdk = fx.Sdk(NewRequestId());
        var first = await sdk.Messages.Create(SdkParams.Create($$"""
            {"model":"{{Sonnet}}","max_tokens":200,"tools":{{WeatherTool}},"messages":[{"role":"user","content":"call get_weather city=Rome"}]}
            """));

        Assert.Equal("tool_use", first.StopReason!.Raw());
        Assert.True(first.Content.Single().TryPickToolUse(out var call));
        var second = await sdk.Messages.Create(SdkParams.Create($$"""
            {"model":"{{Sonnet}}","max_tokens":200,"tools":{{WeatherTool}},
             "messages":[{"role":"user","content":"call get_weather city=Rome"},
                         {"role":"assistant","content":{{SdkParams.Blocks(first)}}},
                         {"role":"user","content":[{"type":"tool_result","tool_use_id":"{{call!.ID}}","content":"cloudy 18C"}]}]}
            """));

        Assert.True(second.Content[0].TryPickText(out var text));
        Assert.Equal("Result: cloudy 18C", text!.Text);
    }

    [Fact]
    public async Task Create_Image_Answers()
    {
        byte[] header = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 0, 2, 0, 0, 0, 3, 8, 2, 0, 0, 0, 0, 0, 0, 0];
        var message = await fx.Sdk(NewRequestId()).Messages.Create(SdkParams.Create($$$"""
            {"model":"{{{Sonnet}}}","max_tokens":100,"messages":[{"role":"user","content":[
              {"type":"image","source":{"type":"base64","media_type":"image/png","data":"{{{Convert.ToBase64String(header)}}}"}},
              {"type":"text","text":"describe the picture"}]}]}
            """));

        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.Equal("describe the picture", text!.Text);
    }

    [Fact]
    public async Task Create_CallersVersionAndBetas_PassedThrough()
    {
        var (status, body, _) = await fx.PostAsync("/v1/messages", $$"""{"model":"{{Sonnet}}","max_tokens":20,"messages":[{"role":"user","content":"betas"}]}""",
            NewRequestId(), ("anthropic-version", "2025-01-01"), ("anthropic-beta", "interleaved-thinking-2025-05-14,context-1m-2025-08-07"));

        Assert.True(status == 200, body);
        var sent = fx.LastReceived();
        Assert.Equal("2025-01-01", sent.Headers["anthropic-version"]);
        Assert.Equal("interleaved-thinking-2025-05-14,context-1m-2025-08-07", sent.Headers["anthropic-beta"]);
    }

    [Fact]
    public async Task Create_CacheControl_CacheWriteThenReadRecordedAndPriced()
    {
        var json = $$$"""
            {"model":"{{{Sonnet}}}","max_tokens":20,
             "system":[{"type":"text","text":"{{{Guid.NewGuid():N}}} a long and stable system prompt to cache","cache_control":{"type":"ephemeral"}}],
             "messages":[{"role":"user","content":"hello cache"}]}
            """;
        var writeId = NewRequestId();
        var (status, text, _) = await fx.PostAsync("/v1/messages", json, writeId);
        Assert.True(status == 200, text);
        var readId = NewRequestId();
        (status, text, _) = await fx.PostAsync("/v1/messages", json, readId);
        Assert.True(status == 200, text);

        var write = (await fx.UsageAsync(writeId)).Single();
        var read = (await fx.UsageAsync(readId)).Single();
        var written = write.GetProperty("cache_write_tokens").GetInt32();
        Assert.True(written > 0);
        Assert.Equal(written, read.GetProperty("cached_tokens").GetInt32());
        // Sonnet 4.5: cache writes at $3.75, reads at $0.30 per million; uncached input $3, output $15.
        var uncached = write.GetProperty("prompt_tokens").GetInt32() - written;
        var output = write.GetProperty("completion_tokens").GetInt32();
        Assert.Equal((written * 3.75m + uncached * 3m + output * 15m) / 1_000_000m, write.GetProperty("cost_usd").GetDecimal());
        Assert.Equal((written * 0.30m + uncached * 3m + output * 15m) / 1_000_000m, read.GetProperty("cost_usd").GetDecimal());
    }

    [Fact]
    public async Task CountTokens_AnthropicModel_CountedByAnthropic()
    {
        var count = await fx.Sdk(NewRequestId()).Messages.CountTokens(new MessageCountTokensParams
        {
            Model = Sonnet,
            Messages = [new UserMessageParam("count these five words")],
        });

        Assert.Equal(4, count.InputTokens);
        using var body = JsonDocument.Parse(fx.LastReceived("/v1/messages/count_tokens").Body);
        Assert.Equal(SonnetId, body.RootElement.GetProperty("model").GetString());
    }
}
