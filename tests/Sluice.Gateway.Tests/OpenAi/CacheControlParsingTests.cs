using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Core.Chat;
using Sluice.Gateway.Tests.OpenAi.TestHost;
using CoreUsage = Sluice.Core.Chat.Usage;

namespace Sluice.Gateway.Tests.OpenAi;

/// <summary>The <c>cache_control</c> extension read into the neutral request, and cache usage written back.</summary>
public sealed class CacheControlParsingTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Chat_CacheControlOnPartsMessageAndTool_MarkersReachTheProvider()
    {
        var json = """
            {"model":"acme/chat","messages":[
              {"role":"system","content":[{"type":"text","text":"rules"},{"type":"text","text":"doc","cache_control":{"type":"ephemeral","ttl":"1h"}}]},
              {"role":"user","content":[{"type":"image_url","image_url":{"url":"DATA_URL"},"cache_control":{"type":"ephemeral"}},{"type":"text","text":"what?"}]},
              {"role":"assistant","content":"an image","cache_control":{"type":"ephemeral"}},
              {"role":"user","content":"thanks"}],
             "tools":[
              {"type":"function","function":{"name":"a"}},
              {"type":"function","function":{"name":"b"},"cache_control":{"type":"ephemeral","ttl":"5m"}},
              {"type":"function","function":{"name":"c","cache_control":{"type":"ephemeral"}}}]}
            """.Replace("DATA_URL", TestImages.PngDataUrl, StringComparison.Ordinal);

        using var response = await _gateway.PostAsync("/v1/chat/completions", json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var chat = _gateway.Provider.LastChat!;
        Assert.Null(chat.Messages[0].Content[0].CacheControl);
        Assert.Equal("1h", chat.Messages[0].Content[1].CacheControl!.Ttl);
        Assert.IsType<ImagePart>(chat.Messages[1].Content[0]);
        Assert.Equal(CacheControl.Ephemeral, chat.Messages[1].Content[0].CacheControl);
        Assert.Null(chat.Messages[1].Content[1].CacheControl);
        Assert.Equal(CacheControl.Ephemeral, chat.Messages[2].CacheControl);
        Assert.Null(chat.Messages[3].CacheControl);
        Assert.Equal([null, "5m", null], chat.Tools!.Select(t => t.CacheControl?.Ttl));
        Assert.Equal([false, true, true], chat.Tools!.Select(t => t.CacheControl is not null));
    }

    [Fact]
    public async Task Chat_CacheControlOnFetchedImageUrl_MarkerKeptOnTheFetchedImage()
    {
        await using var gateway = await TestGateway.StartAsync(s => s.Configure<Sluice.Gateway.ImageFetching.ImageFetchOptions>(o => o.AllowLoopback = true));

        using var response = await gateway.PostAsync("/v1/chat/completions",
            "{\"model\":\"acme/chat\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + gateway.BaseUrl +
            "/img/png\"},\"cache_control\":{\"type\":\"ephemeral\"}},{\"type\":\"text\",\"text\":\"what?\"}]}]}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var image = Assert.IsType<ImagePart>(gateway.Provider.LastChat!.Messages[0].Content[0]);
        Assert.Equal(TestImages.Png, image.Data.ToArray());
        Assert.Equal(CacheControl.Ephemeral, image.CacheControl);
    }

    [Theory]
    [InlineData("""{"role":"user","content":[{"type":"text","text":"hi","cache_control":{"type":"persistent"}}]}""", "messages[0].content[0].cache_control.type")]
    [InlineData("""{"role":"user","content":[{"type":"text","text":"hi","cache_control":{"type":"ephemeral","ttl":"2h"}}]}""", "messages[0].content[0].cache_control.ttl")]
    [InlineData("""{"role":"user","content":"hi","cache_control":"ephemeral"}""", "messages[0].cache_control")]
    [InlineData("""{"role":"user","content":"hi","cache_control":{}}""", "messages[0].cache_control.type")]
    public async Task Chat_InvalidCacheControl_400NamesTheField(string message, string param)
    {
        using var response = await _gateway.PostAsync("/v1/chat/completions", """{"model":"acme/chat","messages":[""" + message + "]}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal(param, error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task Chat_CacheReadsAndWrites_ReportedPerOpenAiConventionWithExtensions()
    {
        _gateway.Provider.OnChat = (_, _) => Task.FromResult(new ChatResponse
        {
            Text = "ok",
            FinishReason = FinishReason.Stop,
            Usage = new CoreUsage(1500, 7, CachedTokens: 1000, CacheWriteTokens: 400) { CacheWrite1hTokens = 300 },
            Upstream = FakeProvider.DefaultUpstream,
        });

        using var response = await _gateway.PostAsync("/v1/chat/completions", """{"model":"acme/chat","messages":[{"role":"user","content":"hi"}]}""");

        var usage = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("usage");
        var details = usage.GetProperty("prompt_tokens_details");
        Assert.Equal(1500, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(1000, details.GetProperty("cached_tokens").GetInt32());
        Assert.Equal(400, details.GetProperty("cache_write_tokens").GetInt32());
        Assert.Equal(100, details.GetProperty("cache_creation_token_details").GetProperty("ephemeral_5m_input_tokens").GetInt32());
        Assert.Equal(300, details.GetProperty("cache_creation_token_details").GetProperty("ephemeral_1h_input_tokens").GetInt32());
        Assert.Equal(400, usage.GetProperty("cache_creation_input_tokens").GetInt32());
        Assert.Equal(1000, usage.GetProperty("cache_read_input_tokens").GetInt32());
    }

    [Fact]
    public async Task Chat_NoCacheUse_NoAnthropicStyleCountsButZeroWrites()
    {
        using var response = await _gateway.PostAsync("/v1/chat/completions", """{"model":"acme/chat","messages":[{"role":"user","content":"hi"}]}""");

        var usage = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("usage");
        Assert.Equal(0, usage.GetProperty("prompt_tokens_details").GetProperty("cache_write_tokens").GetInt32());
        Assert.False(usage.TryGetProperty("cache_creation_input_tokens", out _));
    }
}
