using System.Runtime.CompilerServices;
using Sluice.Bedrock.Errors;
using Sluice.Bedrock.EventStream;

namespace Sluice.Bedrock.Runtime;

/// <summary>
/// A streaming Bedrock response. Decodes <c>application/vnd.amazon.eventstream</c> as bytes arrive, checking both CRCs;
/// exception and error frames, corrupt frames and early ends (a torn connection, a partial frame, or a Converse stream
/// without <c>messageStop</c>) all throw <see cref="BedrockException"/>, never a silent end.
/// </summary>
public sealed class BedrockEventStream : IAsyncDisposable
{
    private const int ReadSize = 16 * 1024;

    private readonly HttpResponseMessage _response;
    private readonly Stream _body;
    private readonly EventStreamDecoder _decoder = new();
    private readonly BedrockStreamKind _kind;
    private readonly string _modelId;
    private int _started;
    private int _disposed;

    internal BedrockEventStream(HttpResponseMessage response, Stream body, string region, string modelId, BedrockStreamKind kind)
    {
        _response = response;
        _body = body;
        _kind = kind;
        _modelId = modelId;
        Region = region;
        RequestId = BedrockRequestSender.RequestId(response);
        Headers = BedrockRequestSender.CollectHeaders(response);
    }

    /// <summary>The region that answered.</summary>
    public string Region { get; }

    /// <summary>The <c>x-amzn-RequestId</c> header.</summary>
    public string? RequestId { get; }

    /// <summary>Response headers (e.g. <c>X-Amzn-Bedrock-Content-Type</c> for InvokeModel streams).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>
    /// Yields event frames as they arrive. Payload memory is valid until the next MoveNextAsync. Can be enumerated once.
    /// </summary>
    public async IAsyncEnumerable<EventStreamMessage> ReadMessagesAsync([EnumeratorCancellation] CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("A Bedrock event stream can be read only once.");
        }

        var sawMessageStop = false;
        while (true)
        {
            EventStreamMessage message;
            bool complete;
            try
            {
                complete = _decoder.TryReadMessage(out message);
            }
            catch (EventStreamFormatException e)
            {
                throw new BedrockException(new BedrockError(BedrockExceptionNames.StreamCorrupted, 502,
                    "The Bedrock response stream is corrupt: " + e.Message, true, null, RequestId, Region, _modelId), e);
            }

            if (complete)
            {
                ThrowIfFailure(message);
                if (message.EventType == "messageStop")
                {
                    sawMessageStop = true;
                }

                yield return message;
                continue;
            }

            int read;
            try
            {
                read = await _body.ReadAsync(_decoder.GetWriteBuffer(ReadSize), ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException or ObjectDisposedException)
            {
                throw BedrockErrors.Truncated("the connection broke (" + e.Message + ").", e, RequestId, Region, _modelId);
            }

            if (read == 0)
            {
                if (_decoder.BufferedBytes > 0)
                {
                    throw BedrockErrors.Truncated($"the connection closed inside a frame ({_decoder.BufferedBytes} bytes of it arrived).",
                        null, RequestId, Region, _modelId);
                }

                if (_kind == BedrockStreamKind.Converse && !sawMessageStop)
                {
                    throw BedrockErrors.Truncated("the connection closed before the messageStop event.", null, RequestId, Region, _modelId);
                }

                yield break;
            }

            _decoder.Advance(read);
        }
    }

    /// <summary>Closes the connection (aborting it if the stream was not read to the end) and returns the buffer.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _body.DisposeAsync().ConfigureAwait(false);
        _response.Dispose();
        _decoder.Dispose();
    }

    private void ThrowIfFailure(in EventStreamMessage message)
    {
        switch (message.MessageType)
        {
            case "exception":
                throw new BedrockException(BedrockErrors.FromStreamException(
                    message.ExceptionType ?? "unknownException", message.Payload.Span, RequestId, Region, _modelId));
            case "error":
                throw new BedrockException(BedrockErrors.FromStreamError(
                    message.GetStringHeader(":error-code"), message.GetStringHeader(":error-message"), RequestId, Region, _modelId));
        }
    }
}
