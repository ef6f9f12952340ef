using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Sluice.Bedrock.EventStream;

/// <summary>
/// Incremental <c>application/vnd.amazon.eventstream</c> decoder over one pooled buffer: feed bytes as they arrive
/// (<see cref="Write"/>, or <see cref="GetWriteBuffer"/> + <see cref="Advance"/> to read a socket straight into it),
/// then take complete frames with <see cref="TryReadMessage"/>. Both CRCs are checked. A returned message's memory stays
/// valid until the next call that adds bytes.
/// </summary>
public sealed class EventStreamDecoder : IDisposable
{
    /// <summary>Prelude (total length, headers length, prelude CRC) plus the trailing message CRC.</summary>
    public const int FrameOverhead = 16;

    /// <summary>botocore's header block limit.</summary>
    public const int MaxHeadersLength = 128 * 1024;

    /// <summary>botocore's payload limit.</summary>
    public const int MaxPayloadLength = 24 * 1024 * 1024;

    private const int PreludeLength = 12;

    private byte[] _buffer;
    private int _start;
    private int _end;

    /// <summary>Creates a decoder whose pooled buffer starts at <paramref name="initialBufferSize"/> bytes and grows for large frames.</summary>
    public EventStreamDecoder(int initialBufferSize = 16 * 1024) =>
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialBufferSize, 256));

    /// <summary>Bytes received but not yet returned as a frame; non-zero at end of input means the stream was cut inside a frame.</summary>
    public int BufferedBytes => _end - _start;

    /// <summary>Appends <paramref name="data"/>. Invalidates the memory of previously returned messages.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        data.CopyTo(GetWriteBuffer(data.Length).Span);
        Advance(data.Length);
    }

    /// <summary>
    /// A writable region of at least <paramref name="sizeHint"/> bytes at the end of the buffer; call <see cref="Advance"/>
    /// with how much was written. Invalidates the memory of previously returned messages.
    /// </summary>
    public Memory<byte> GetWriteBuffer(int sizeHint = 4096)
    {
        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
        sizeHint = Math.Max(sizeHint, 1);
        if (_buffer.Length - _end >= sizeHint)
        {
            return _buffer.AsMemory(_end);
        }

        var live = _end - _start;
        var needed = live + Math.Max(sizeHint, ExpectedFrameRemainder());
        if (needed <= _buffer.Length)
        {
            // Enough room once consumed frames are dropped from the front.
            _buffer.AsSpan(_start, live).CopyTo(_buffer);
        }
        else
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
            _buffer.AsSpan(_start, live).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        _start = 0;
        _end = live;
        return _buffer.AsMemory(_end);
    }

    /// <summary>Records that <paramref name="count"/> bytes were written into the region from <see cref="GetWriteBuffer"/>.</summary>
    public void Advance(int count)
    {
        if (count < 0 || _end + count > _buffer.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        _end += count;
    }

    /// <summary>
    /// Returns the next complete frame, or false when more bytes are needed. Throws <see cref="EventStreamFormatException"/>
    /// on a CRC mismatch, an impossible length or a malformed header block.
    /// </summary>
    public bool TryReadMessage(out EventStreamMessage message)
    {
        message = default;
        var available = _end - _start;
        if (available < PreludeLength)
        {
            return false;
        }

        var frame = _buffer.AsSpan(_start, available);
        var totalLength = BinaryPrimitives.ReadUInt32BigEndian(frame);
        var headersLength = BinaryPrimitives.ReadUInt32BigEndian(frame[4..]);
        var preludeCrc = BinaryPrimitives.ReadUInt32BigEndian(frame[8..]);

        // Check the prelude before trusting its lengths, so a corrupt length never makes us wait for gigabytes.
        var actualPreludeCrc = Crc32.HashToUInt32(frame[..8]);
        if (actualPreludeCrc != preludeCrc)
        {
            throw new EventStreamFormatException(
                $"Event-stream prelude CRC mismatch: frame says 0x{preludeCrc:x8}, bytes give 0x{actualPreludeCrc:x8}.");
        }

        if (headersLength > MaxHeadersLength || totalLength < FrameOverhead + headersLength
            || totalLength - FrameOverhead - headersLength > MaxPayloadLength)
        {
            throw new EventStreamFormatException(
                $"Event-stream frame has impossible lengths (total {totalLength}, headers {headersLength}).");
        }

        if (available < totalLength)
        {
            return false;
        }

        var total = (int)totalLength;
        var messageCrc = BinaryPrimitives.ReadUInt32BigEndian(frame[(total - 4)..]);
        var actualMessageCrc = Crc32.HashToUInt32(frame[..(total - 4)]);
        if (actualMessageCrc != messageCrc)
        {
            throw new EventStreamFormatException(
                $"Event-stream message CRC mismatch: frame says 0x{messageCrc:x8}, bytes give 0x{actualMessageCrc:x8}.");
        }

        var headers = _buffer.AsMemory(_start + PreludeLength, (int)headersLength);
        var payload = _buffer.AsMemory(_start + PreludeLength + (int)headersLength, total - FrameOverhead - (int)headersLength);
        ReadWellKnownHeaders(headers.Span, out var eventType, out var messageType, out var exceptionType);
        _start += total;
        if (_start == _end)
        {
            // Everything consumed: the next write starts at the front without a copy.
            _start = _end = 0;
        }

        message = new EventStreamMessage(headers, payload, eventType, messageType, exceptionType);
        return true;
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        if (_buffer.Length != 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            _start = _end = 0;
        }
    }

    private int ExpectedFrameRemainder()
    {
        // When a frame's prelude is already here, make room for the whole frame in one step.
        if (_end - _start < PreludeLength)
        {
            return 0;
        }

        var total = BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(_start));
        return total <= MaxHeadersLength + MaxPayloadLength + FrameOverhead ? (int)total - (_end - _start) : 0;
    }

    private static void ReadWellKnownHeaders(ReadOnlySpan<byte> block, out string? eventType, out string? messageType, out string? exceptionType)
    {
        eventType = messageType = exceptionType = null;
        var offset = 0;
        while (EventStreamHeaderReader.TryRead(block, ref offset, out var name, out var type, out var start, out var length))
        {
            if (type != EventStreamHeaderType.String)
            {
                continue;
            }

            var value = block.Slice(start, length);
            if (Ascii.Equals(name, EventStreamKnownStrings.EventTypeHeader))
            {
                eventType = EventStreamKnownStrings.GetString(value);
            }
            else if (Ascii.Equals(name, EventStreamKnownStrings.MessageTypeHeader))
            {
                messageType = EventStreamKnownStrings.GetString(value);
            }
            else if (Ascii.Equals(name, EventStreamKnownStrings.ExceptionTypeHeader))
            {
                exceptionType = EventStreamKnownStrings.GetString(value);
            }
        }
    }
}
