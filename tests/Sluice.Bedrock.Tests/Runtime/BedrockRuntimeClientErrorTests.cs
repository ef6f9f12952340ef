using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon.Runtime;
using Sluice.Bedrock.Credentials;
using Sluice.Bedrock.Errors;
using Sluice.Bedrock.Runtime;

namespace Sluice.Bedrock.Tests.Runtime;

public sealed class BedrockRuntimeClientErrorTests
{
    private static readonly BedrockTarget Target = new("anthropic.claude-3-5-sonnet-20241022-v2:0", "us-east-1",
        new AccessKeyAuth("AKIDEXAMPLE", "secret"), BedrockEndpoints.Default);

    private readonly RecordingHandler _handler = new();
    private readonly BedrockRuntimeClient _client;

    public BedrockRuntimeClientErrorTests() =>
        _client = new BedrockRuntimeClient(new HttpMessageInvoker(_handler),
            new BedrockCredentialEngine(new RecordingHandler(), null, new BasicAWSCredentials("a", "b")));

    [Fact]
    public async Task ConverseAsync_ThrottledWithRetryAfter_ThrowsTypedErrorWithHint()
    {
        _handler.Respond = _ =>
        {
            var response = RecordingHandler.Json("""{"message":"Too many tokens per day, please wait before trying again."}""", HttpStatusCode.TooManyRequests);
            response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/");
            response.Headers.TryAddWithoutValidation("Retry-After", "7");
            return response;
        };

        var error = await Assert.ThrowsAsync<BedrockException>(() => _client.ConverseAsync(Target, "{}"u8.ToArray(), default));

        Assert.Equal("ThrottlingException", error.Error.ExceptionName);
        Assert.Equal(429, error.Error.Status);
        Assert.True(error.Error.Retryable);
        Assert.Equal(TimeSpan.FromSeconds(7), error.Error.RetryAfter);
        Assert.Equal("Too many tokens per day, please wait before trying again.", error.Error.Message);
        Assert.Equal("11111111-2222-3333-4444-555555555555", error.Error.RequestId);
        Assert.Equal("us-east-1", error.Error.Region);
        Assert.Equal(Target.ModelId, error.Error.ModelId);
    }

    [Fact]
    public async Task ConverseStreamAsync_OnDemandNotSupported_ThrowsValidationBeforeStreaming()
    {
        const string message = "Invocation of model ID anthropic.claude-3-5-sonnet-20241022-v2:0 with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.";
        _handler.Respond = _ =>
        {
            var response = RecordingHandler.Json($$"""{"message":"{{message}}"}""", HttpStatusCode.BadRequest);
            response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/");
            return response;
        };

        var error = await Assert.ThrowsAsync<BedrockException>(() => _client.ConverseStreamAsync(Target, "{}"u8.ToArray(), default));

        Assert.Equal("ValidationException", error.Error.ExceptionName);
        Assert.Equal(400, error.Error.Status);
        Assert.False(error.Error.Retryable);
        Assert.Equal(message, error.Error.Message);
    }

    [Fact]
    public async Task ConverseAsync_ConnectionRefused_ThrowsRetryableNetworkError()
    {
        _handler.Respond = _ => throw new HttpRequestException("Connection refused (127.0.0.1:9)", new SocketException((int)SocketError.ConnectionRefused));

        var error = await Assert.ThrowsAsync<BedrockException>(() => _client.ConverseAsync(Target, "{}"u8.ToArray(), default));

        Assert.Equal(BedrockExceptionNames.NetworkError, error.Error.ExceptionName);
        Assert.True(error.Error.Retryable);
        Assert.Contains("us-east-1", error.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConverseAsync_CallerCancels_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        _handler.Respond = _ => throw new TaskCanceledException();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _client.ConverseAsync(Target, "{}"u8.ToArray(), cts.Token));
    }

    [Fact]
    public async Task ConverseAsync_InvalidModelId_RejectedWithoutCallingBedrock()
    {
        var target = Target with { ModelId = "anthropic claude" };

        var error = await Assert.ThrowsAsync<BedrockException>(() => _client.ConverseAsync(target, "{}"u8.ToArray(), default));

        Assert.Equal(400, error.Error.Status);
        Assert.Empty(_handler.Requests);
    }

    [Fact]
    public async Task ConverseAsync_MistypedRegion_SuggestsNearest()
    {
        var target = Target with { Region = "us-east-1 " };

        var error = await Assert.ThrowsAsync<BedrockException>(() => _client.ConverseAsync(target, "{}"u8.ToArray(), default));

        Assert.Contains("did you mean \"us-east-1\"", error.Error.Message, StringComparison.Ordinal);
        Assert.Empty(_handler.Requests);
    }
}
