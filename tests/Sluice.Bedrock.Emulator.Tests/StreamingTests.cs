using System.Net;
using System.Text;
using System.Text.Json;

namespace Sluice.Bedrock.Emulator.Tests;

public sealed class StreamingTests(EmulatorHarness h) : IClassFixture<EmulatorHarness>
{
    [Fact]
    public void EventStreamWriter_GoldenFrameB_ByteExact()
    {
        const string golden = "0000009f00000057c37babff0b3a6576656e742d74797065070011636f6e74656e74426c6f636b44656c74610d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e0d3a6d6573736167652d747970650700056576656e747b22636f6e74656e74426c6f636b496e646578223a302c2264656c7461223a7b2274657874223a224869227d2c2270223a2261626364227df2ace5ff";
        var frame = EventStreamWriter.Encode(
            [(":event-type", "contentBlockDelta"), (":content-type", "application/json"), (":message-type", "event")],
            "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hi\"},\"p\":\"abcd\"}"u8);
        Assert.Equal(golden, Convert.ToHexStringLower(frame));
    }

    [Fact]
    public async Task ConverseStream_Text_EventSequenceAndCrcs()
    {
        var response = await h.SendBearer($"/model/{EmulatorHarness.Encode("amazon.nova-lite-v1:0")}/converse-stream", EmulatorHarness.UserText("stream these four words"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.amazon.eventstream", response.Content.Headers.ContentType!.MediaType);
        var frames = FrameParser.Parse(await response.Content.ReadAsByteArrayAsync());
        var types = frames.Select(f => f.Headers[":event-type"]).ToList();
        Assert.Equal(["messageStart", "contentBlockDelta", "contentBlockDelta", "contentBlockDelta", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata"], types);
        Assert.All(frames, f => Assert.Equal("event", f.Headers[":message-type"]));
        Assert.All(frames, f => Assert.Contains("\"p\":", f.PayloadText));
        var text = string.Concat(frames.Where(f => f.Headers[":event-type"] == "contentBlockDelta")
            .Select(f => JsonDocument.Parse(f.Payload).RootElement.GetProperty("delta").GetProperty("text").GetString()));
        Assert.Equal("stream these four words", text);
        using var metadata = JsonDocument.Parse(frames[^1].Payload);
        Assert.Equal(4, metadata.RootElement.GetProperty("usage").GetProperty("outputTokens").GetInt32());
    }

    [Fact]
    public async Task ConverseStream_ToolUse_StartAndPartialInputs()
    {
        var body = "{\"toolConfig\":{\"tools\":[{\"toolSpec\":{\"name\":\"get_weather\",\"inputSchema\":{\"json\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}}]},\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"call get_weather city=Paris\"}]}]}";
        var response = await h.SendBearer($"/model/{EmulatorHarness.Encode("amazon.nova-lite-v1:0")}/converse-stream", Encoding.UTF8.GetBytes(body));
        var frames = FrameParser.Parse(await response.Content.ReadAsByteArrayAsync());
        var start = frames.Single(f => f.Headers[":event-type"] == "contentBlockStart");
        Assert.Equal("get_weather", JsonDocument.Parse(start.Payload).RootElement.GetProperty("start").GetProperty("toolUse").GetProperty("name").GetString());
        var parts = frames.Where(f => f.Headers[":event-type"] == "contentBlockDelta")
            .Select(f => JsonDocument.Parse(f.Payload).RootElement.GetProperty("delta").GetProperty("toolUse").GetProperty("input").GetString()).ToList();
        Assert.True(parts.Count > 1);
        Assert.Equal("{\"city\":\"Paris\"}", string.Concat(parts));
        Assert.Contains("\"stopReason\":\"tool_use\"", frames.Single(f => f.Headers[":event-type"] == "messageStop").PayloadText);
    }

    [Fact]
    public async Task InvokeModelWithResponseStream_Anthropic_ChunksCarryBase64Events()
    {
        var body = new { anthropic_version = "bedrock-2023-05-31", max_tokens = 100, messages = new[] { new { role = "user", content = "hello chunked world" } } };
        var response = await h.SendBearer($"/model/{EmulatorHarness.Encode("anthropic.claude-3-5-sonnet-20240620-v1:0")}/invoke-with-response-stream", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Headers.GetValues("X-Amzn-Bedrock-Content-Type").Single());
        var frames = FrameParser.Parse(await response.Content.ReadAsByteArrayAsync());
        Assert.All(frames, f => Assert.Equal("chunk", f.Headers[":event-type"]));
        var events = frames.Select(f => JsonDocument.Parse(Convert.FromBase64String(JsonDocument.Parse(f.Payload).RootElement.GetProperty("bytes").GetString()!)).RootElement).ToList();
        Assert.Equal("message_start", events[0].GetProperty("type").GetString());
        Assert.Equal("message_stop", events[^1].GetProperty("type").GetString());
        Assert.Equal(3, events[^1].GetProperty("amazon-bedrock-invocationMetrics").GetProperty("outputTokenCount").GetInt32());
        var text = string.Concat(events.Where(e => e.GetProperty("type").GetString() == "content_block_delta").Select(e => e.GetProperty("delta").GetProperty("text").GetString()));
        Assert.Equal("hello chunked world", text);
    }
}
