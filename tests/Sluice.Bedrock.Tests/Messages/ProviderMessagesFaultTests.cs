using Sluice.Bedrock.Emulator;
using Sluice.Core.Errors;
using Sluice.Core.Messages;

namespace Sluice.Bedrock.Tests.Messages;

/// <summary>Failures on the Messages path: throttling before the stream, exceptions mid-stream, CountTokens where it exists and where it does not.</summary>
public sealed class ProviderMessagesFaultTests : IClassFixture<MessagesEmulatorHost>
{
    private readonly MessagesEmulatorHost _host;

    public ProviderMessagesFaultTests(MessagesEmulatorHost host)
    {
        _host = host;
        host.Reset();
    }

    [Fact]
    public async Task StartMessagesStreamAsync_ThrottledBeforeFirstByte_RetryableRateLimitWithRetryAfter()
    {
        var knobs = _host.Sonnet45Fixture.Knobs;
        knobs.Fault = EmulatorFault.Throttle;
        knobs.RetryAfterSeconds = 7;

        var e = await Assert.ThrowsAsync<GatewayException>(() => _host.Messages().StartMessagesStreamAsync(MessagesBodies.UserText("hi"), default));

        Assert.Equal(429, e.Error.Status);
        Assert.Equal(ErrorTypes.RateLimit, e.Error.Type);
        Assert.Equal("ThrottlingException", e.Error.Code);
        Assert.True(e.Error.Retryable);
        Assert.Equal(TimeSpan.FromSeconds(7), e.Error.RetryAfter);
    }

    [Theory]
    [InlineData("throttlingException", 429, "ThrottlingException")]
    [InlineData("modelStreamErrorException", 502, "ModelStreamErrorException")]
    public async Task ReadEventsAsync_ExceptionMidStream_GatewayExceptionAfterEarlierEvents(string exceptionType, int status, string code)
    {
        var knobs = _host.Sonnet45Fixture.Knobs;
        knobs.Fault = EmulatorFault.StreamException;
        knobs.StreamExceptionType = exceptionType;
        knobs.FaultAfterEvents = 2;
        await using var stream = await _host.Messages().StartMessagesStreamAsync(MessagesBodies.UserText("one two three"), default);

        var seen = new List<string>();
        var e = await Assert.ThrowsAsync<GatewayException>(async () =>
        {
            await foreach (var ev in stream.ReadEventsAsync(default))
            {
                seen.Add(ev.Type);
            }
        });

        Assert.Equal(["message_start", "content_block_start"], seen);
        Assert.Equal(status, e.Error.Status);
        Assert.Equal(code, e.Error.Code);
        Assert.True(e.Error.Retryable || status != 429);
    }

    [Fact]
    public async Task CountTokensAsync_SupportedModel_BedrockCountOfTheInvokeBody()
    {
        var request = MessagesBodies.Request(
            """{"model":"claude-sonnet-4-5","system":"Be brief","messages":[{"role":"user","content":"count these five words"}]}""",
            "oauth-2025-04-20");

        var tokens = await _host.Messages().CountTokensAsync(request, default);
        var sent = await _host.Messages().SendMessagesAsync(MessagesBodies.Request(
            """{"model":"claude-sonnet-4-5","max_tokens":10,"system":"Be brief","messages":[{"role":"user","content":"count these five words"}]}"""), default);

        Assert.Equal(sent.Usage.PromptTokens, tokens);
        var record = _host.Stats.RecentRequests.Last(r => r.Operation == "CountTokens");
        Assert.Equal(200, record.StatusCode);
        var invokeBody = Convert.FromBase64String((string)MessagesBodies.Json(record.Body)["input"]!["invokeModel"]!["body"]!);
        var inner = MessagesBodies.Json(invokeBody);
        Assert.Equal("bedrock-2023-05-31", (string?)inner["anthropic_version"]);
        Assert.False(inner.ContainsKey("anthropic_beta"));
    }

    [Fact]
    public async Task CountTokensAsync_ModelWithoutCountTokens_InvalidRequestSayingSo()
    {
        var provider = (IMessagesProvider)_host.Provider("anthropic.claude-3-haiku-20240307-v1:0", _host.ApiKey);

        var e = await Assert.ThrowsAsync<GatewayException>(() => provider.CountTokensAsync(MessagesBodies.UserText("hi"), default));

        Assert.Equal(400, e.Error.Status);
        Assert.Contains("count_tokens is not available", e.Error.Message, StringComparison.Ordinal);
        Assert.Contains("Bedrock", e.Error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _host.Stats.TotalRuntimeCalls);
    }

    [Theory]
    [InlineData("anthropic.claude-sonnet-4-5-20250929-v1:0", true)]
    [InlineData("us.anthropic.claude-sonnet-4-5-20250929-v1:0", true)]
    [InlineData("anthropic.claude-future-model-v1:0", true)]
    [InlineData("amazon.nova-lite-v1:0", false)]
    [InlineData("meta.llama3-1-8b-instruct-v1:0", false)]
    public void SupportsMessages_ByModel_OnlyClaude(string modelId, bool expected)
    {
        var provider = (IMessagesProvider)_host.Provider(modelId, _host.ApiKey);

        Assert.Equal(expected, provider.SupportsMessages);
    }

    [Fact]
    public async Task SendMessagesAsync_NonClaudeModel_InvalidRequestBeforeAnyCall()
    {
        var provider = (IMessagesProvider)_host.Provider("amazon.nova-lite-v1:0", _host.ApiKey);

        var e = await Assert.ThrowsAsync<GatewayException>(() => provider.SendMessagesAsync(MessagesBodies.UserText("hi"), default));

        Assert.Equal(400, e.Error.Status);
        Assert.Equal(0, _host.Stats.TotalRuntimeCalls);
    }

    [Fact]
    public async Task CountTokensAsync_SystemProfile_CountedOnTheFoundationModel()
    {
        var provider = _host.Messages("us." + MessagesEmulatorHost.Sonnet45);

        var tokens = await provider.CountTokensAsync(MessagesBodies.UserText("three little words"), default);

        Assert.Equal(3, tokens);
        Assert.Equal(MessagesEmulatorHost.Sonnet45, _host.Stats.LastRequest!.ModelId);
    }

    [Fact]
    public async Task SendMessagesAsync_ApplicationProfile_ResolvedToClaudeAndPriced()
    {
        var provider = _host.Messages(Sluice.Bedrock.Tests.EmulatorIntegration.EmulatorHost.AppProfileArn);

        var response = await provider.SendMessagesAsync(MessagesBodies.UserText("hello profile"), default);

        Assert.True(provider.SupportsMessages);
        Assert.Equal(Sluice.Bedrock.Tests.EmulatorIntegration.EmulatorHost.AppProfileArn, response.Upstream.ModelId);
        Assert.NotNull(response.Upstream.Price);
        Assert.Equal("hello profile", (string?)MessagesBodies.Json(response.Body)["content"]![0]!["text"]);
    }
}
