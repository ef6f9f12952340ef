using System.Text;
using System.Text.Json.Nodes;
using Sluice.Bedrock.Emulator;
using Sluice.Core.Errors;
using Sluice.Core.Messages;

namespace Sluice.Bedrock.Tests.Messages;

/// <summary><see cref="IMessagesProvider"/> on a Claude model against the strict emulator: the body as sent, the answer, usage.</summary>
public sealed class ProviderMessagesTests : IClassFixture<MessagesEmulatorHost>
{
    private readonly MessagesEmulatorHost _host;

    public ProviderMessagesTests(MessagesEmulatorHost host)
    {
        _host = host;
        host.Reset();
    }

    [Fact]
    public async Task SendMessagesAsync_PlainText_AnthropicMessageWithUsage()
    {
        var response = await _host.Messages().SendMessagesAsync(MessagesBodies.UserText("Hello there friend"), default);

        var message = MessagesBodies.Json(response.Body);
        Assert.Equal("message", (string?)message["type"]);
        Assert.Equal("Hello there friend", (string?)message["content"]![0]!["text"]);
        Assert.Equal("end_turn", (string?)message["stop_reason"]);
        Assert.Equal((int)message["usage"]!["input_tokens"]!, response.Usage.PromptTokens);
        Assert.Equal((int)message["usage"]!["output_tokens"]!, response.Usage.CompletionTokens);
        Assert.Equal(3, response.Usage.PromptTokens);
        Assert.Equal("bedrock-2023-05-31", (string?)MessagesBodies.Json(_host.Stats.LastRequest!.Body)["anthropic_version"]);
        Assert.Equal("InvokeModel", _host.Stats.LastRequest.Operation);
        Assert.Equal(MessagesEmulatorHost.Sonnet45, response.Upstream.ModelId);
        Assert.NotNull(response.Upstream.Price);
        Assert.Same(MessagesAdjustments.None, response.Adjustments);
    }

    [Fact]
    public async Task SendMessagesAsync_CallerBody_ForwardedInOrderWithoutModelAndStream()
    {
        var request = MessagesBodies.Request("""
            {"model":"claude-sonnet-4-5","stream":false,"max_tokens":50,"metadata":{"user_id":"u-1"},
             "system":[{"type":"text","text":"Be brief."}],"messages":[{"role":"user","content":"hi"}],"stop_sequences":["zz"],"temperature":0.5}
            """);

        await _host.Messages().SendMessagesAsync(request, default);

        var sent = MessagesBodies.Json(_host.Stats.LastRequest!.Body);
        Assert.Equal(
            ["anthropic_version", "max_tokens", "metadata", "system", "messages", "stop_sequences", "temperature"],
            sent.Select(p => p.Key).ToArray());
        Assert.Equal("u-1", (string?)sent["metadata"]!["user_id"]);
        Assert.Equal("claude-sonnet-4-5", (string?)request.Body["model"]);
    }

    [Fact]
    public async Task StartMessagesStreamAsync_Text_AnthropicEventOrderWithoutBedrockMetrics()
    {
        await using var stream = await _host.Messages().StartMessagesStreamAsync(MessagesBodies.UserText("one two three four"), default);

        var events = new List<(string Type, string Json)>();
        await foreach (var e in stream.ReadEventsAsync(default))
        {
            events.Add((e.Type, Encoding.UTF8.GetString(e.Data.Span)));
        }

        var types = events.Select(e => e.Type).Distinct().ToArray();
        Assert.Equal(["message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop"], types);
        Assert.Equal("message_stop", events[^1].Type);
        Assert.DoesNotContain("amazon-bedrock-invocationMetrics", events[^1].Json, StringComparison.Ordinal);
        Assert.Equal("message_stop", (string?)MessagesBodies.Json(events[^1].Json)["type"]);
        var text = string.Concat(events.Where(e => e.Type == "content_block_delta").Select(e => (string?)MessagesBodies.Json(e.Json)["delta"]!["text"]));
        Assert.Equal("one two three four", text.Trim());
        Assert.Equal(4, stream.Usage!.PromptTokens);
        Assert.Equal((int)MessagesBodies.Json(events.Single(e => e.Type == "message_delta").Json)["usage"]!["output_tokens"]!, stream.Usage.CompletionTokens);
        Assert.Equal("InvokeModelWithResponseStream", _host.Stats.LastRequest!.Operation);
    }

    [Theory]
    [InlineData("5m", 0)]
    [InlineData("1h", 1)]
    public async Task SendMessagesAsync_CacheControlTwice_WritesThenReads(string ttl, int oneHourShare)
    {
        var system = $"Cached instructions number {ttl} alpha beta gamma delta epsilon zeta eta theta iota kappa";
        var json = $$$"""
            {"model":"claude-sonnet-4-5","max_tokens":100,
             "system":[{"type":"text","text":"{{{system}}}","cache_control":{"type":"ephemeral","ttl":"{{{ttl}}}"}}],
             "messages":[{"role":"user","content":"question"}]}
            """;
        var provider = _host.Messages();

        var first = await provider.SendMessagesAsync(MessagesBodies.Request(json), default);
        var second = await provider.SendMessagesAsync(MessagesBodies.Request(json), default);

        var written = first.Usage.CacheWriteTokens;
        Assert.True(written >= MessagesEmulatorHost.CacheMinWords, $"wrote {written}");
        Assert.Equal(0, first.Usage.CachedTokens);
        Assert.Equal(written * oneHourShare, first.Usage.CacheWrite1hTokens);
        Assert.Equal(written, second.Usage.CachedTokens);
        Assert.Equal(0, second.Usage.CacheWriteTokens);
        Assert.Equal(first.Usage.PromptTokens, second.Usage.PromptTokens);
        var usage = MessagesBodies.Json(first.Body)["usage"]!;
        Assert.Equal(first.Usage.PromptTokens, (int)usage["input_tokens"]! + (int)usage["cache_creation_input_tokens"]! + (int)usage["cache_read_input_tokens"]!);
    }

    [Fact]
    public async Task StartMessagesStreamAsync_CacheRead_UsageFromMessageStart()
    {
        var json = """
            {"model":"claude-sonnet-4-5","max_tokens":100,
             "system":[{"type":"text","text":"Streamed cache prefix one two three four five six seven eight nine","cache_control":{"type":"ephemeral"}}],
             "messages":[{"role":"user","content":"go"}]}
            """;
        var provider = _host.Messages();
        var first = await provider.SendMessagesAsync(MessagesBodies.Request(json), default);

        await using var stream = await provider.StartMessagesStreamAsync(MessagesBodies.Request(json), default);
        await foreach (var unused in stream.ReadEventsAsync(default))
        {
        }

        Assert.Equal(first.Usage.CacheWriteTokens, stream.Usage!.CachedTokens);
        Assert.Equal(first.Usage.PromptTokens, stream.Usage.PromptTokens);
    }

    [Fact]
    public async Task SendMessagesAsync_ThinkingPassedBackUnchanged_NextTurnSucceeds()
    {
        var provider = _host.Messages();
        var thinking = """ "thinking":{"type":"enabled","budget_tokens":1024} """;
        var first = await provider.SendMessagesAsync(MessagesBodies.Request($$"""
            {"model":"claude-sonnet-4-5","max_tokens":2000,{{thinking}},"messages":[{"role":"user","content":"think about cats"}]}
            """), default);
        var content = MessagesBodies.Json(first.Body)["content"]!.AsArray();
        Assert.Equal("thinking", (string?)content[0]!["type"]);

        var second = await provider.SendMessagesAsync(MessagesBodies.Request($$"""
            {"model":"claude-sonnet-4-5","max_tokens":2000,{{thinking}},"messages":[
              {"role":"user","content":"think about cats"},
              {"role":"assistant","content":{{content.ToJsonString()}}},
              {"role":"user","content":"and dogs"}]}
            """), default);

        Assert.Equal("and dogs", (string?)MessagesBodies.Json(second.Body)["content"]!.AsArray().Last()!["text"]);
        var sentAssistant = MessagesBodies.Json(_host.Stats.LastRequest!.Body)["messages"]![1]!["content"]!;
        Assert.Equal(content.ToJsonString(), sentAssistant.ToJsonString());
    }

    [Fact]
    public async Task SendMessagesAsync_AlteredThinking_InvalidRequestFromBedrock()
    {
        var request = MessagesBodies.Request("""
            {"model":"claude-sonnet-4-5","max_tokens":2000,"thinking":{"type":"enabled","budget_tokens":1024},"messages":[
              {"role":"user","content":"hi"},
              {"role":"assistant","content":[{"type":"thinking","thinking":"made up","signature":"AAAA"},{"type":"text","text":"hello"}]},
              {"role":"user","content":"again"}]}
            """);

        var e = await Assert.ThrowsAsync<GatewayException>(() => _host.Messages().SendMessagesAsync(request, default));

        Assert.Equal(400, e.Error.Status);
        Assert.Contains("signature", e.Error.Message, StringComparison.Ordinal);
    }
}
