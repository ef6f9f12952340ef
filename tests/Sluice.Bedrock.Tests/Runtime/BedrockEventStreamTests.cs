using System.Text;
using Amazon.Runtime;
using Sluice.Bedrock.Credentials;
using Sluice.Bedrock.Errors;
using Sluice.Bedrock.EventStream;
using Sluice.Bedrock.Runtime;
using Sluice.Bedrock.Tests.EventStream;

namespace Sluice.Bedrock.Tests.Runtime;

public sealed class BedrockEventStreamTests
{
    private static readonly BedrockTarget Target = new("anthropic.claude-3-haiku-20240307-v1:0", "us-east-1",
        new AccessKeyAuth("AKIDEXAMPLE", "secret"), BedrockEndpoints.Default);

    private readonly RecordingHandler _handler = new();
    private readonly BedrockRuntimeClient _client;

    public BedrockEventStreamTests() =>
        _client = new BedrockRuntimeClient(new HttpMessageInvoker(_handler),
            new BedrockCredentialEngine(new RecordingHandler(), null, new BasicAWSCredentials("a", "b")));

    [Fact]
    public async Task ReadMessagesAsync_CompleteConverseStream_YieldsEveryEventInOrder()
    {
        var events = await ReadConverse(new ScriptedStream([StreamBodies.CompleteConverse()]));

        Assert.Equal(["messageStart", "contentBlockDelta", "messageStop", "metadata"], events);
    }

    [Fact]
    public async Task ReadMessagesAsync_BytesArriveOneAtATime_YieldsSameEvents()
    {
        var body = StreamBodies.CompleteConverse();
        var chunks = new List<byte[]>();
        foreach (var b in body)
        {
            chunks.Add([b]);
        }

        var events = await ReadConverse(new ScriptedStream(chunks));

        Assert.Equal(["messageStart", "contentBlockDelta", "messageStop", "metadata"], events);
    }

    [Fact]
    public async Task ReadMessagesAsync_ThrottlingExceptionFrame_ThrowsTyped429AfterEarlierEvents()
    {
        var seen = new List<string>();
        var body = EventStreamDecoderTests.Concat(StreamBodies.MessageStart, GoldenFrames.FrameB, GoldenFrames.FrameC);

        var error = await Assert.ThrowsAsync<BedrockException>(() => ReadConverse(new ScriptedStream([body]), seen));

        Assert.Equal(["messageStart", "contentBlockDelta"], seen);
        Assert.Equal("ThrottlingException", error.Error.ExceptionName);
        Assert.Equal(429, error.Error.Status);
        Assert.True(error.Error.Retryable);
        Assert.Equal("Too many requests, please wait before trying again.", error.Error.Message);
        Assert.Equal("stream-request-id", error.Error.RequestId);
        Assert.Equal("us-east-1", error.Error.Region);
        Assert.Equal(Target.ModelId, error.Error.ModelId);
    }

    [Fact]
    public async Task ReadMessagesAsync_ModelStreamErrorFrame_Throws424WithOriginalMessage()
    {
        var frame = EventStreamEncoder.Encode(
        [
            EventStreamHeader.String(":exception-type", "modelStreamErrorException"),
            EventStreamHeader.String(":content-type", "application/json"),
            EventStreamHeader.String(":message-type", "exception"),
        ], """{"message":"Model failed","originalStatusCode":500,"originalMessage":"upstream boom"}"""u8);

        var error = await Assert.ThrowsAsync<BedrockException>(
            () => ReadConverse(new ScriptedStream([EventStreamDecoderTests.Concat(StreamBodies.MessageStart, frame)])));

        Assert.Equal("ModelStreamErrorException", error.Error.ExceptionName);
        Assert.Equal(424, error.Error.Status);
        Assert.Equal("upstream boom", error.Error.OriginalMessage);
        Assert.False(error.Error.Retryable);
    }

    [Fact]
    public async Task ReadMessagesAsync_UnmodeledErrorFrame_ThrowsWithErrorCodeAndMessage()
    {
        var body = EventStreamDecoderTests.Concat(StreamBodies.MessageStart, EventStreamEncoder.EncodeError("InternalFailure", "The request processing has failed."));

        var error = await Assert.ThrowsAsync<BedrockException>(() => ReadConverse(new ScriptedStream([body])));

        Assert.Equal("InternalFailure", error.Error.ExceptionName);
        Assert.Equal("The request processing has failed.", error.Error.Message);
        Assert.Equal(500, error.Error.Status);
        Assert.True(error.Error.Retryable);
    }

    [Fact]
    public async Task ReadMessagesAsync_CutInsideFrame_ThrowsRetryableTruncation()
    {
        var body = StreamBodies.CompleteConverse();

        var error = await Assert.ThrowsAsync<BedrockException>(() => ReadConverse(new ScriptedStream([body[..(body.Length - 7)]])));

        Assert.Equal(BedrockExceptionNames.StreamTruncated, error.Error.ExceptionName);
        Assert.True(error.Error.Retryable);
        Assert.Contains("inside a frame", error.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadMessagesAsync_ConverseEndsBeforeMessageStop_ThrowsTruncation()
    {
        var body = EventStreamDecoderTests.Concat(StreamBodies.MessageStart, GoldenFrames.FrameB);

        var error = await Assert.ThrowsAsync<BedrockException>(() => ReadConverse(new ScriptedStream([body])));

        Assert.Equal(BedrockExceptionNames.StreamTruncated, error.Error.ExceptionName);
        Assert.Contains("messageStop", error.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadMessagesAsync_ConverseEndsAfterMessageStopWithoutMetadata_Completes()
    {
        var body = EventStreamDecoderTests.Concat(StreamBodies.MessageStart, GoldenFrames.FrameB, StreamBodies.MessageStop);

        var events = await ReadConverse(new ScriptedStream([body]));

        Assert.Equal("messageStop", events[^1]);
    }

    [Fact]
    public async Task ReadMessagesAsync_ConnectionResetMidStream_ThrowsRetryableTruncation()
    {
        var stream = new ScriptedStream([StreamBodies.MessageStart], ScriptedStream.Ending.ConnectionReset);

        var error = await Assert.ThrowsAsync<BedrockException>(() => ReadConverse(stream));

        Assert.Equal(BedrockExceptionNames.StreamTruncated, error.Error.ExceptionName);
        Assert.True(error.Error.Retryable);
        Assert.IsType<IOException>(error.InnerException);
    }

    [Fact]
    public async Task ReadMessagesAsync_CorruptFrame_ThrowsStreamCorrupted()
    {
        var body = StreamBodies.CompleteConverse();
        body[30] ^= 0x20;

        var error = await Assert.ThrowsAsync<BedrockException>(() => ReadConverse(new ScriptedStream([body])));

        Assert.Equal(BedrockExceptionNames.StreamCorrupted, error.Error.ExceptionName);
    }

    [Fact]
    public async Task ReadMessagesAsync_InvokeStreamEndsAtFrameBoundary_Completes()
    {
        _handler.Respond = _ => RecordingHandler.EventStream(new ScriptedStream([StreamBodies.InvokeChunks(3)]));
        await using var stream = await _client.InvokeModelWithResponseStreamAsync(Target, "{}"u8.ToArray(), default);

        var payloads = new List<string>();
        await foreach (var message in stream.ReadMessagesAsync(default))
        {
            payloads.Add(Encoding.UTF8.GetString(message.Payload.Span));
        }

        Assert.Equal(3, payloads.Count);
        Assert.All(payloads, p => Assert.StartsWith("""{"bytes":""", p, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadMessagesAsync_Cancelled_StopsWaitingOnTheSocket()
    {
        _handler.Respond = _ => RecordingHandler.EventStream(new ScriptedStream([StreamBodies.MessageStart], ScriptedStream.Ending.Hang));
        await using var stream = await _client.ConverseStreamAsync(Target, "{}"u8.ToArray(), default);
        using var cts = new CancellationTokenSource();

        var reading = Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var message in stream.ReadMessagesAsync(cts.Token))
            {
                await cts.CancelAsync();
            }
        });

        await reading;
    }

    private async Task<List<string>> ReadConverse(Stream body, List<string>? seen = null)
    {
        seen ??= [];
        _handler.Respond = _ => RecordingHandler.EventStream(body);
        await using var stream = await _client.ConverseStreamAsync(Target, "{}"u8.ToArray(), default);
        await foreach (var message in stream.ReadMessagesAsync(default))
        {
            seen.Add(message.EventType!);
        }

        return seen;
    }
}
