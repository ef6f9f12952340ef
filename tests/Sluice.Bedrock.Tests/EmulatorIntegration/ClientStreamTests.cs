using System.Text;
using System.Text.Json;
using Sluice.Bedrock.Emulator;
using Sluice.Bedrock.Errors;
using Sluice.Bedrock.Runtime;

namespace Sluice.Bedrock.Tests.EmulatorIntegration;

/// <summary>Event streams from the emulator: frames decoded, and every way a stream can fail surfaces as a typed error.</summary>
public sealed class ClientStreamTests : IClassFixture<EmulatorHost>
{
    private readonly EmulatorHost _host;

    public ClientStreamTests(EmulatorHost host)
    {
        _host = host;
        host.Reset();
    }

    private BedrockTarget Nova => _host.Target(EmulatorHost.NovaLite, "us-east-1", EmulatorHost.User1);

    [Fact]
    public async Task ConverseStreamAsync_Text_SeveralDeltasThenStopAndMetadata()
    {
        await using var stream = await _host.Client().ConverseStreamAsync(Nova, EmulatorBodies.Converse("one two three four five"), default);
        var types = new List<string>();
        var text = new StringBuilder();
        await foreach (var message in stream.ReadMessagesAsync(default))
        {
            types.Add(message.EventType!);
            if (message.EventType == "contentBlockDelta")
            {
                using var doc = JsonDocument.Parse(message.Payload);
                text.Append(doc.RootElement.GetProperty("delta").GetProperty("text").GetString());
            }
        }

        Assert.Equal("messageStart", types[0]);
        Assert.True(types.Count(t => t == "contentBlockDelta") >= 5, string.Join(",", types));
        Assert.Equal(["contentBlockStop", "messageStop", "metadata"], types[^3..]);
        Assert.Contains("one two three four five", text.ToString(), StringComparison.Ordinal);
        Assert.NotNull(stream.RequestId);
        Assert.Equal("us-east-1", stream.Region);
    }

    [Theory]
    [InlineData("throttlingException", BedrockExceptionNames.Throttling, 429, true)]
    [InlineData("modelStreamErrorException", BedrockExceptionNames.ModelStreamError, 424, false)]
    [InlineData("internalServerException", BedrockExceptionNames.InternalServer, 500, true)]
    [InlineData("serviceUnavailableException", BedrockExceptionNames.ServiceUnavailable, 503, true)]
    [InlineData("validationException", BedrockExceptionNames.Validation, 400, false)]
    public async Task ConverseStreamAsync_ExceptionFrameMidStream_TypedErrorAfterEarlierEvents(string frameType, string name, int status, bool retryable)
    {
        var knobs = _host.Emulator.Fixture.Model(EmulatorHost.NovaLite).Knobs;
        knobs.StreamExceptionType = frameType;
        knobs.Fault = EmulatorFault.StreamException;

        await using var stream = await _host.Client().ConverseStreamAsync(Nova, EmulatorBodies.Converse("a b c d e f"), default);
        var received = 0;
        var e = await Assert.ThrowsAsync<BedrockException>(async () =>
        {
            await foreach (var _ in stream.ReadMessagesAsync(default))
            {
                received++;
            }
        });

        Assert.Equal(2, received);
        Assert.Equal(name, e.Error.ExceptionName);
        Assert.Equal(status, e.Error.Status);
        Assert.Equal(retryable, e.Error.Retryable);
        Assert.Contains(StreamMessage(frameType), e.Error.Message, StringComparison.Ordinal);
        Assert.Equal(stream.RequestId, e.Error.RequestId);
    }

    [Fact]
    public async Task ConverseStreamAsync_ConnectionDropsMidStream_TruncatedErrorNeverSilentEnd()
    {
        _host.Emulator.Fixture.Model(EmulatorHost.NovaLite).Knobs.Fault = EmulatorFault.DropConnection;

        await using var stream = await OpenDespiteEarlyReset(() => _host.Client().ConverseStreamAsync(Nova, EmulatorBodies.Converse("a b c d e f"), default));
        var received = 0;
        var e = await Assert.ThrowsAsync<BedrockException>(async () =>
        {
            await foreach (var _ in stream.ReadMessagesAsync(default))
            {
                received++;
            }
        });

        Assert.InRange(received, 0, 2);
        Assert.Equal(BedrockExceptionNames.StreamTruncated, e.Error.ExceptionName);
        Assert.True(e.Error.Retryable);
    }

    [Fact]
    public async Task InvokeModelWithResponseStreamAsync_ConnectionDrops_TruncatedErrorNeverSilentEnd()
    {
        var sonnet = _host.Emulator.Fixture.Model(EmulatorHost.Sonnet35).Knobs;
        sonnet.Fault = EmulatorFault.DropConnection;
        sonnet.FaultAfterEvents = 3;

        await using var stream = await OpenDespiteEarlyReset(() => _host.Client().InvokeModelWithResponseStreamAsync(
            _host.Target(EmulatorHost.Sonnet35, "us-east-1", EmulatorHost.User1), EmulatorBodies.Anthropic("a b c d e f"), default));
        var received = 0;
        var e = await Assert.ThrowsAsync<BedrockException>(async () =>
        {
            await foreach (var _ in stream.ReadMessagesAsync(default))
            {
                received++;
            }
        });

        Assert.InRange(received, 0, 3);
        Assert.Equal(BedrockExceptionNames.StreamTruncated, e.Error.ExceptionName);
    }

    [Fact]
    public async Task InvokeModelWithResponseStreamAsync_Anthropic_ChunksDecodeToMessagesApiEvents()
    {
        await using var stream = await _host.Client().InvokeModelWithResponseStreamAsync(
            _host.Target(EmulatorHost.Sonnet35, "us-west-2", EmulatorHost.User1), EmulatorBodies.Anthropic("stream me please"), default);
        var types = new List<string>();
        var text = new StringBuilder();
        var sawMetrics = false;
        await foreach (var message in stream.ReadMessagesAsync(default))
        {
            Assert.Equal("chunk", message.EventType);
            using var chunk = JsonDocument.Parse(message.Payload);
            using var inner = JsonDocument.Parse(chunk.RootElement.GetProperty("bytes").GetBytesFromBase64());
            var type = inner.RootElement.GetProperty("type").GetString()!;
            types.Add(type);
            if (type == "content_block_delta")
            {
                text.Append(inner.RootElement.GetProperty("delta").GetProperty("text").GetString());
            }

            sawMetrics |= inner.RootElement.TryGetProperty("amazon-bedrock-invocationMetrics", out _);
        }

        Assert.Equal("message_start", types[0]);
        Assert.Equal("message_stop", types[^1]);
        Assert.True(types.Count(t => t == "content_block_delta") >= 3);
        Assert.Contains("stream me please", text.ToString(), StringComparison.Ordinal);
        Assert.True(sawMetrics);
        Assert.Equal("application/json", stream.Headers["X-Amzn-Bedrock-Content-Type"]);
    }

    [Fact]
    public async Task InvokeModelWithResponseStreamAsync_ThrottleFrame_TypedRetryableError()
    {
        var sonnet = _host.Emulator.Fixture.Model(EmulatorHost.Sonnet35).Knobs;
        sonnet.Fault = EmulatorFault.StreamException;

        await using var stream = await _host.Client().InvokeModelWithResponseStreamAsync(
            _host.Target(EmulatorHost.Sonnet35, "us-east-1", EmulatorHost.User1), EmulatorBodies.Anthropic("a b c d"), default);
        var e = await Assert.ThrowsAsync<BedrockException>(async () =>
        {
            await foreach (var _ in stream.ReadMessagesAsync(default))
            {
            }
        });

        Assert.Equal(BedrockExceptionNames.Throttling, e.Error.ExceptionName);
        Assert.Equal(429, e.Error.Status);
        Assert.True(e.Error.Retryable);
    }

    [Fact]
    public async Task ConverseStreamAsync_ThrottledBeforeFirstByte_ThrowsFromStartWith429()
    {
        _host.Emulator.Fixture.Model(EmulatorHost.NovaLite).Knobs.Fault = EmulatorFault.Throttle;

        var e = await Assert.ThrowsAsync<BedrockException>(() => _host.Client().ConverseStreamAsync(Nova, EmulatorBodies.Hello, default));

        Assert.Equal(BedrockExceptionNames.Throttling, e.Error.ExceptionName);
        Assert.Equal(429, e.Error.Status);
        Assert.True(e.Error.Retryable);
        Assert.NotNull(e.Error.RetryAfter);
    }

    [Fact]
    public async Task ConverseStreamAsync_AbandonedAfterTwoEvents_NextCallsStillWork()
    {
        var client = _host.Client();
        for (var i = 0; i < 3; i++)
        {
            await using var stream = await client.ConverseStreamAsync(Nova, EmulatorBodies.Converse("a b c d e f g h"), default);
            var seen = 0;
            await foreach (var _ in stream.ReadMessagesAsync(default))
            {
                if (++seen == 2)
                {
                    break;
                }
            }
        }

        var response = await client.ConverseAsync(Nova, EmulatorBodies.Converse("after abandoning"), default);

        Assert.Contains("after abandoning", AuthFormTests.ReplyText(response.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConverseStreamAsync_CallerCancelsMidStream_CancellationNotUpstreamError()
    {
        _host.Emulator.Fixture.Model(EmulatorHost.NovaLite).Knobs.TokenDelayMs = 50;
        using var cts = new CancellationTokenSource();
        await using var stream = await _host.Client().ConverseStreamAsync(Nova, EmulatorBodies.Converse("a b c d e f g h i j k l"), cts.Token);

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var m in stream.ReadMessagesAsync(cts.Token))
            {
                if (m.EventType == "contentBlockDelta")
                {
                    await cts.CancelAsync();
                }
            }
        });

        Assert.IsNotType<BedrockException>(e.InnerException);
    }

    [Fact]
    public async Task ConverseStreamAsync_FiftyConcurrentStreams_EachCompleteWithOwnText()
    {
        var client = _host.Client();
        var tasks = new Task<string>[50];
        for (var i = 0; i < tasks.Length; i++)
        {
            var n = i;
            tasks[i] = Task.Run(async () =>
            {
                await using var stream = await client.ConverseStreamAsync(Nova, EmulatorBodies.Converse("stream number " + n), default);
                var text = new StringBuilder();
                await foreach (var message in stream.ReadMessagesAsync(default))
                {
                    if (message.EventType == "contentBlockDelta")
                    {
                        using var doc = JsonDocument.Parse(message.Payload);
                        text.Append(doc.RootElement.GetProperty("delta").GetProperty("text").GetString());
                    }
                }

                return text.ToString();
            });
        }

        var texts = await Task.WhenAll(tasks);

        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal("stream number " + i, texts[i].Trim());
        }
    }

    /// <summary>
    /// The emulator resets the connection 200 ms after the first events; on a loaded machine the reset can discard them
    /// before the client has read even the headers. That early failure must be a retryable network error; then try again,
    /// since the mid-stream case is what these tests are about.
    /// </summary>
    internal static async Task<BedrockEventStream> OpenDespiteEarlyReset(Func<Task<BedrockEventStream>> open)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await open();
            }
            catch (BedrockException e) when (attempt < 5 && e.Error.ExceptionName == BedrockExceptionNames.NetworkError)
            {
                Assert.True(e.Error.Retryable);
            }
        }
    }

    private static string StreamMessage(string frameType) => frameType switch
    {
        "throttlingException" => "Too many requests",
        "modelStreamErrorException" => "error while streaming",
        "internalServerException" => "unexpected error",
        "serviceUnavailableException" => "unable to process",
        _ => "failed validation",
    };
}
