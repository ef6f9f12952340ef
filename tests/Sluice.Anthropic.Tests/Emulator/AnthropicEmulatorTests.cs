using System.Text;
using System.Text.Json;
using Sluice.Anthropic.Emulator;

namespace Sluice.Anthropic.Tests.Emulator;

/// <summary>The Anthropic emulator refuses what Anthropic refuses, with Anthropic's status, error type and message.</summary>
public sealed class AnthropicEmulatorTests : IAsyncLifetime
{
    private const string Hello = """{"model":"claude-sonnet-4-5","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""";
    private readonly HttpClient _http = new();
    private AnthropicEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await AnthropicEmulator.StartAsync(new AnthropicEmulatorOptions { Port = 0 });

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    [Theory]
    [InlineData(null, "2023-06-01", 401, "authentication_error", "x-api-key header is required")]
    [InlineData("sk-ant-wrong", "2023-06-01", 401, "authentication_error", "invalid x-api-key")]
    [InlineData(AnthropicEmulatorOptions.DemoApiKey, null, 400, "invalid_request_error", "anthropic-version: header is required")]
    public async Task Messages_BadHeaders_AnthropicsError(string? key, string? version, int status, string type, string message)
    {
        var (actualStatus, error) = await PostAsync("/v1/messages", Hello, key, version);

        Assert.Equal(status, actualStatus);
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.Equal(message, error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("""{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"hi"}]}""", "max_tokens: Field required")]
    [InlineData("""{"model":"claude-sonnet-4-5","max_tokens":10}""", "messages: Field required")]
    [InlineData("""{"model":"claude-sonnet-4-5","max_tokens":10,"anthropic_version":"bedrock-2023-05-31","messages":[{"role":"user","content":"hi"}]}""", "anthropic_version: Extra inputs are not permitted")]
    [InlineData("""{"model":"claude-sonnet-4-5","max_tokens":100000,"messages":[{"role":"user","content":"hi"}]}""", "max_tokens: 100000 > 64000, which is the maximum allowed number of output tokens for claude-sonnet-4-5-20250929")]
    [InlineData("""{"model":"claude-sonnet-4-5","max_tokens":10,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_x","content":"r"}]}]}""", "messages.0.content.0: unexpected `tool_use_id` found in `tool_result` blocks: toolu_x. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.")]
    [InlineData("""{"model":"claude-sonnet-4-5","max_tokens":1000,"thinking":{"type":"enabled","budget_tokens":1024},"messages":[{"role":"user","content":"hi"}]}""", "`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size")]
    public async Task Messages_InvalidBody_400WithAnthropicsMessage(string body, string message)
    {
        var (status, error) = await PostAsync("/v1/messages", body);

        Assert.Equal(400, status);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(message, error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Messages_UnknownModel_404NotFound()
    {
        var (status, error) = await PostAsync("/v1/messages", """{"model":"claude-9","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(404, status);
        Assert.Equal("model: claude-9", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Messages_RateLimitFault_429WithRetryAfterThenRecovers()
    {
        var knobs = _emulator.Knobs("claude-sonnet-4-5-20250929");
        knobs.Fault = AnthropicFault.RateLimit;
        knobs.FaultCount = 1;
        knobs.RetryAfterSeconds = 3;

        using var limited = await SendAsync("/v1/messages", Hello);
        using var next = await SendAsync("/v1/messages", Hello);

        Assert.Equal(429, (int)limited.StatusCode);
        Assert.Equal("3", limited.Headers.GetValues("retry-after").Single());
        Assert.Equal(200, (int)next.StatusCode);
    }

    [Fact]
    public async Task Messages_CacheControl_WritesThenReadsThePrefix()
    {
        const string body = """{"model":"claude-sonnet-4-5","max_tokens":10,"system":[{"type":"text","text":"five words of system prompt","cache_control":{"type":"ephemeral","ttl":"1h"}}],"messages":[{"role":"user","content":"hi"}]}""";

        using var first = JsonDocument.Parse(await (await SendAsync("/v1/messages", body)).Content.ReadAsStringAsync());
        using var second = JsonDocument.Parse(await (await SendAsync("/v1/messages", body)).Content.ReadAsStringAsync());

        var written = first.RootElement.GetProperty("usage");
        Assert.Equal(5, written.GetProperty("cache_creation_input_tokens").GetInt32());
        Assert.Equal(5, written.GetProperty("cache_creation").GetProperty("ephemeral_1h_input_tokens").GetInt32());
        Assert.Equal(5, second.RootElement.GetProperty("usage").GetProperty("cache_read_input_tokens").GetInt32());
        Assert.Equal(1, second.RootElement.GetProperty("usage").GetProperty("input_tokens").GetInt32());
    }

    private async Task<(int Status, JsonElement Error)> PostAsync(string path, string body, string? key = AnthropicEmulatorOptions.DemoApiKey, string? version = "2023-06-01")
    {
        using var response = await SendAsync(path, body, key, version);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("error", json.RootElement.GetProperty("type").GetString());
        return ((int)response.StatusCode, json.RootElement.GetProperty("error").Clone());
    }

    private Task<HttpResponseMessage> SendAsync(string path, string body, string? key = AnthropicEmulatorOptions.DemoApiKey, string? version = "2023-06-01")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _emulator.BaseUrl + path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null) request.Headers.Add("x-api-key", key);
        if (version is not null) request.Headers.Add("anthropic-version", version);
        return _http.SendAsync(request);
    }
}
