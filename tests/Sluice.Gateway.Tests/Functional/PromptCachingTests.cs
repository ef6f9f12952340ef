using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json;
using OpenAI.Chat;

namespace Sluice.Gateway.Tests.Functional;

/// <summary>
/// Prompt caching through the official OpenAI .NET SDK, gateway → emulator: <c>cache_control</c> markers (sent as
/// raw JSON, which the SDK's protocol methods take), automatic caching, and cache reads and writes in usage.
/// </summary>
[Collection(FunctionalCollection.Name)]
public sealed class PromptCachingTests(FunctionalFixture fx)
{
    /// <summary>A long text, unique per <paramref name="seed"/> so tests never share a cache entry.</summary>
    private static string LongText(string seed, int words = 1200) =>
        string.Join(' ', Enumerable.Range(0, words).Select(i => seed + i));

    private static string MarkedSystemBody(string model, string system, string question, string extra = "") =>
        $$$"""
        {"model":"{{{model}}}"{{{extra}}},"messages":[
          {"role":"system","content":[{"type":"text","text":"{{{system}}}","cache_control":{"type":"ephemeral"}}]},
          {"role":"user","content":"{{{question}}}"}]}
        """;

    private async Task<(ChatCompletion Completion, JsonElement Usage)> CompleteRawAsync(string model, string json)
    {
        var client = fx.OpenAi().GetChatClient(model);
        using var body = BinaryContent.Create(BinaryData.FromString(json));
        var result = await client.CompleteChatAsync(body);
        var raw = result.GetRawResponse().Content;
        var completion = ModelReaderWriter.Read<ChatCompletion>(raw, ModelReaderWriterOptions.Json)!;
        return (completion, JsonDocument.Parse(raw).RootElement.GetProperty("usage").Clone());
    }

    [Fact]
    public async Task CompleteChat_CacheControlOnSystemPart_FirstCallWritesSecondReads()
    {
        var json = MarkedSystemBody("role/claude-3-7-us", LongText("sys"), "what is cached");

        var (first, firstUsage) = await CompleteRawAsync("role/claude-3-7-us", json);
        var (second, secondUsage) = await CompleteRawAsync("role/claude-3-7-us", json);

        // prompt_tokens counts every input token: 1,200 cached system words plus the 3-word question.
        Assert.Equal(1203, first.Usage.InputTokenCount);
        Assert.Equal(0, first.Usage.InputTokenDetails.CachedTokenCount);
        Assert.Equal(1200, firstUsage.GetProperty("prompt_tokens_details").GetProperty("cache_write_tokens").GetInt32());
        Assert.Equal(1200, firstUsage.GetProperty("cache_creation_input_tokens").GetInt32());
        Assert.Equal(1203, second.Usage.InputTokenCount);
        Assert.Equal(1200, second.Usage.InputTokenDetails.CachedTokenCount);
        Assert.Equal(0, secondUsage.GetProperty("prompt_tokens_details").GetProperty("cache_write_tokens").GetInt32());
        Assert.Equal(1200, secondUsage.GetProperty("cache_read_input_tokens").GetInt32());
    }

    [Fact]
    public async Task CompleteChatStreaming_CacheControl_UsageChunkCarriesReadsAndWrites()
    {
        var system = LongText("stream");
        var json = MarkedSystemBody("role/claude-3-7-us", system, "stream it", ""","stream":true,"stream_options":{"include_usage":true}""");

        var first = await StreamUsageAsync(json);
        var second = await StreamUsageAsync(json);

        Assert.Equal((1202, 0, 1200), Counts(first));
        Assert.Equal((1202, 1200, 0), Counts(second));
    }

    [Fact]
    public async Task CompleteChat_CacheControlOnModelWithoutCaching_MarkerDroppedAndServed()
    {
        // Claude 3.5 Sonnet (v1) cannot cache on Bedrock, which refuses any cachePoint there with a 403.
        var json = MarkedSystemBody("keys/claude-3-5-sonnet", LongText("nocache"), "still answered");

        var (completion, usage) = await CompleteRawAsync("keys/claude-3-5-sonnet", json);

        Assert.Equal("still answered", completion.Content[0].Text);
        Assert.Equal(0, completion.Usage.InputTokenDetails.CachedTokenCount);
        Assert.Equal(0, usage.GetProperty("prompt_tokens_details").GetProperty("cache_write_tokens").GetInt32());
    }

    [Fact]
    public async Task CompleteChat_AutoCachingModelWithoutMarkers_WritesThenReads()
    {
        var client = fx.OpenAi().GetChatClient("role/claude-3-7-auto-cache");
        List<ChatMessage> messages = [new SystemChatMessage(LongText("auto")), new UserChatMessage("short question")];

        ChatCompletion first = await client.CompleteChatAsync(messages);
        ChatCompletion second = await client.CompleteChatAsync(messages);

        Assert.Equal(0, first.Usage.InputTokenDetails.CachedTokenCount);
        Assert.Equal(1202, first.Usage.InputTokenCount);
        Assert.Equal(1200, second.Usage.InputTokenDetails.CachedTokenCount);
        Assert.Equal(1202, second.Usage.InputTokenCount);
    }

    [Fact]
    public async Task CompleteChat_CacheControlOnNovaTool_ToolMarkerDroppedSystemMarkerKept()
    {
        var json = $$$"""
            {"model":"keys/nova-lite","messages":[
              {"role":"system","content":[{"type":"text","text":"{{{LongText("novatool")}}}","cache_control":{"type":"ephemeral"}}]},
              {"role":"user","content":"no tool needed"}],
             "tools":[{"type":"function","function":{"name":"lookup","parameters":{"type":"object"}},"cache_control":{"type":"ephemeral"}}]}
            """;

        var (first, _) = await CompleteRawAsync("keys/nova-lite", json);
        var (second, _) = await CompleteRawAsync("keys/nova-lite", json);

        Assert.Equal(ChatFinishReason.Stop, first.FinishReason);
        // The prefix the system point covers starts with the tool definitions: the tool's name, then 1,200 words.
        Assert.Equal(1201, second.Usage.InputTokenDetails.CachedTokenCount);
    }

    [Fact]
    public async Task CompleteChat_InvalidCacheControlType_400NamesTheParameter()
    {
        var json = """{"model":"keys/nova-lite","messages":[{"role":"user","content":[{"type":"text","text":"hi","cache_control":{"type":"forever"}}]}]}""";

        var (status, body, _, _) = await fx.SendAsync(HttpMethod.Post, "/v1/chat/completions", json);

        Assert.Equal(400, status);
        Assert.Equal("messages[0].content[0].cache_control.type", body.GetProperty("error").GetProperty("param").GetString());
    }

    private static (int Prompt, int Cached, int Written) Counts(JsonElement usage) =>
        (usage.GetProperty("prompt_tokens").GetInt32(),
         usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32(),
         usage.GetProperty("prompt_tokens_details").GetProperty("cache_write_tokens").GetInt32());

    private async Task<JsonElement> StreamUsageAsync(string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, fx.BaseUrl + "/v1/chat/completions") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fx.UserToken);
        using var response = await fx.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 200, text);
        var events = ChatTests.SseEvents(text);
        return JsonDocument.Parse(events[^2].Data).RootElement.GetProperty("usage").Clone();
    }
}
