using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Anthropic.Translation;
using Sluice.Core.Chat;
using Sluice.Core.Messages;

namespace Sluice.Anthropic.Tests.EmulatorIntegration;

/// <summary>
/// Anthropic requests translated to chat, sent to Nova Lite on the strict emulator through the Converse provider,
/// and the answers translated back: what a /v1/messages caller of a non-Claude model gets.
/// </summary>
public sealed class TranslatedConversationTests(NovaEmulator emulator) : IClassFixture<NovaEmulator>
{
    private const string Tools = """
        "tools":[{"name":"get_weather","description":"Weather for a city","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]
        """;

    private async Task<JsonElement> SendAsync(string body)
    {
        var translated = MessagesRequestTranslator.ToChatRequest(new MessagesRequest(JsonNode.Parse(body)!.AsObject(), []));
        var response = await emulator.Nova.ChatAsync(translated.Request, default);
        return JsonDocument.Parse(MessagesResponseWriter.FromChatResponse(response, "claude-haiku-4-5")).RootElement.Clone();
    }

    [Fact]
    public async Task ToolLoop_CallThenFailedResult_ModelSeesTheResultAndAnswers()
    {
        var first = await SendAsync($$"""
            {"model":"claude-haiku-4-5","max_tokens":200,"system":[{"type":"text","text":"Use tools."}],{{Tools}},
             "messages":[{"role":"user","content":"call get_weather city=Paris"}]}
            """);

        Assert.Equal("tool_use", first.GetProperty("stop_reason").GetString());
        var call = first.GetProperty("content").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "tool_use");
        Assert.Equal("Paris", call.GetProperty("input").GetProperty("city").GetString());

        var second = await SendAsync($$"""
            {"model":"claude-haiku-4-5","max_tokens":200,{{Tools}},
             "messages":[
               {"role":"user","content":"call get_weather city=Paris"},
               {"role":"assistant","content":{{first.GetProperty("content").GetRawText()}}},
               {"role":"user","content":[
                 {"type":"tool_result","tool_use_id":"{{call.GetProperty("id").GetString()}}","content":"station offline","is_error":true},
                 {"type":"text","text":"then guess"}]}]}
            """);

        Assert.Equal("end_turn", second.GetProperty("stop_reason").GetString());
        var text = second.GetProperty("content")[0].GetProperty("text").GetString();
        Assert.Contains("station offline", text, StringComparison.Ordinal);
        Assert.Contains("then guess", text, StringComparison.Ordinal);
        Assert.True(second.GetProperty("usage").GetProperty("input_tokens").GetInt32() > 0);
    }

    [Fact]
    public async Task Stream_TextAnswer_WholeAnthropicEventSequenceWithUsage()
    {
        var translated = MessagesRequestTranslator.ToChatRequest(new MessagesRequest(JsonNode.Parse("""
            {"model":"claude-haiku-4-5","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"hello from the stream"}]}
            """)!.AsObject(), []));
        var state = new MessagesStreamState("claude-haiku-4-5");
        var events = new List<MessagesEvent>();

        await using (var stream = await emulator.Nova.StartChatStreamAsync(translated.Request, default))
        {
            await foreach (var update in stream.ReadUpdatesAsync(default)) MessagesStreamTranslator.Translate(update, state, events);
        }

        MessagesStreamTranslator.Complete(state, events);

        var types = events.ConvertAll(e => e.Type);
        Assert.Equal("message_start", types[0]);
        Assert.Equal("content_block_start", types[1]);
        Assert.Equal(["content_block_stop", "message_delta", "message_stop"], types[^3..]);
        Assert.All(types[2..^3], t => Assert.Equal("content_block_delta", t));
        var text = new StringBuilder();
        foreach (var e in events.Where(e => e.Type == "content_block_delta"))
        {
            text.Append(JsonDocument.Parse(e.Data).RootElement.GetProperty("delta").GetProperty("text").GetString());
        }

        Assert.Equal("hello from the stream", text.ToString());
        var delta = JsonDocument.Parse(events[^2].Data).RootElement;
        Assert.Equal("end_turn", delta.GetProperty("delta").GetProperty("stop_reason").GetString());
        Assert.True(delta.GetProperty("usage").GetProperty("input_tokens").GetInt32() > 0);
        Assert.True(delta.GetProperty("usage").GetProperty("output_tokens").GetInt32() > 0);
    }
}
