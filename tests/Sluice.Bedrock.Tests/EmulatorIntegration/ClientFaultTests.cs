using Sluice.Bedrock.Emulator;
using Sluice.Bedrock.Errors;
using Sluice.Bedrock.Runtime;

namespace Sluice.Bedrock.Tests.EmulatorIntegration;

/// <summary>Failures before a response: each keeps its exception name, status and retry advice.</summary>
public sealed class ClientFaultTests : IClassFixture<EmulatorHost>
{
    private readonly EmulatorHost _host;

    public ClientFaultTests(EmulatorHost host)
    {
        _host = host;
        host.Reset();
    }

    private BedrockTarget Nova => _host.Target(EmulatorHost.NovaLite, "us-east-1", EmulatorHost.User1);

    private ModelKnobs Knobs => _host.Emulator.Fixture.Model(EmulatorHost.NovaLite).Knobs;

    [Fact]
    public async Task ConverseAsync_Throttled_429RetryableWithRetryAfterHint()
    {
        Knobs.Fault = EmulatorFault.Throttle;

        var e = await Assert.ThrowsAsync<BedrockException>(() => _host.Client().ConverseAsync(Nova, EmulatorBodies.Hello, default));

        Assert.Equal(BedrockExceptionNames.Throttling, e.Error.ExceptionName);
        Assert.Equal(429, e.Error.Status);
        Assert.True(e.Error.Retryable);
        Assert.NotNull(e.Error.RetryAfter);
        Assert.Equal("Too many requests, please wait before trying again.", e.Error.Message);
        Assert.Equal(_host.Stats.LastRequest!.RequestId, e.Error.RequestId);
    }

    [Theory]
    [InlineData(EmulatorFault.Internal, BedrockExceptionNames.InternalServer, 500)]
    [InlineData(EmulatorFault.Unavailable, BedrockExceptionNames.ServiceUnavailable, 503)]
    public async Task ConverseAsync_ServerFault_NameAndStatusKeptAndRetryable(EmulatorFault fault, string name, int status)
    {
        Knobs.Fault = fault;

        var e = await Assert.ThrowsAsync<BedrockException>(() => _host.Client().ConverseAsync(Nova, EmulatorBodies.Hello, default));

        Assert.Equal(name, e.Error.ExceptionName);
        Assert.Equal(status, e.Error.Status);
        Assert.True(e.Error.Retryable);
        Assert.Equal("us-east-1", e.Error.Region);
        Assert.Equal(EmulatorHost.NovaLite, e.Error.ModelId);
    }

    [Fact]
    public async Task ConverseAsync_ConnectionDroppedBeforeAnswer_RetryableNetworkError()
    {
        Knobs.Fault = EmulatorFault.DropConnection;

        var e = await Assert.ThrowsAsync<BedrockException>(() => _host.Client().ConverseAsync(Nova, EmulatorBodies.Hello, default));

        Assert.Equal(BedrockExceptionNames.NetworkError, e.Error.ExceptionName);
        Assert.True(e.Error.Retryable);
    }

    [Fact]
    public async Task ConverseAsync_FaultForFirstCallOnly_NextCallSucceeds()
    {
        Knobs.Fault = EmulatorFault.Throttle;
        Knobs.FaultCount = 1;

        await Assert.ThrowsAsync<BedrockException>(() => _host.Client().ConverseAsync(Nova, EmulatorBodies.Hello, default));
        var response = await _host.Client().ConverseAsync(Nova, EmulatorBodies.Hello, default);

        Assert.Contains("Hello there", AuthFormTests.ReplyText(response.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConverseAsync_InvalidRequest_Validation400NotRetryable()
    {
        var e = await Assert.ThrowsAsync<BedrockException>(() => _host.Client().ConverseAsync(Nova,
            """{"messages":[{"role":"user","content":[{"text":""}]}]}"""u8.ToArray(), default));

        Assert.Equal(BedrockExceptionNames.Validation, e.Error.ExceptionName);
        Assert.Equal(400, e.Error.Status);
        Assert.False(e.Error.Retryable);
    }

    [Fact]
    public async Task ConverseAsync_UnknownModel_Validation400ModelIdentifierInvalid()
    {
        var e = await Assert.ThrowsAsync<BedrockException>(() => _host.Client().ConverseAsync(
            _host.Target("amazon.nova-nonexistent-v1:0", "us-east-1", EmulatorHost.User1), EmulatorBodies.Hello, default));

        Assert.Equal(400, e.Error.Status);
        Assert.Equal("The provided model identifier is invalid.", e.Error.Message);
    }

    [Fact]
    public async Task ConverseAsync_ClockSkewedTenMinutes_SignatureExpired403()
    {
        var skewed = new Sluice.Bedrock.Tests.Credentials.ManualTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromMinutes(10));
        var client = new BedrockRuntimeClient(_host.Http, EmulatorHost.Engine(), skewed);

        var e = await Assert.ThrowsAsync<BedrockException>(() => client.ConverseAsync(Nova, EmulatorBodies.Hello, default));

        Assert.Equal(403, e.Error.Status);
        Assert.Contains("Signature expired", e.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConverseAsync_MalformedRegion_ValidationWithHintAndNoCall()
    {
        var e = await Assert.ThrowsAsync<BedrockException>(() =>
            _host.Client().ConverseAsync(_host.Target(EmulatorHost.NovaLite, "us_east_1", EmulatorHost.User1), EmulatorBodies.Hello, default));

        Assert.Equal(400, e.Error.Status);
        Assert.Contains("us-east-1", e.Error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _host.Stats.TotalRequests);
    }

    [Fact]
    public async Task CountTokensAsync_ConverseInput_InputTokensCounted()
    {
        var tokens = await _host.Client().CountTokensAsync(_host.Target(EmulatorHost.Sonnet35, "us-east-1", EmulatorHost.User1),
            """{"input":{"converse":{"messages":[{"role":"user","content":[{"text":"count these five words"}]}]}}}"""u8.ToArray(), default);

        Assert.True(tokens >= 4, $"counted {tokens}");
        Assert.Equal("CountTokens", _host.Stats.LastRequest!.Operation);
    }
}
