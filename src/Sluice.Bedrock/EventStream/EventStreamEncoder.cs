using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sluice.Bedrock.EventStream;

/// <summary>Writes event-stream frames (for tests, the emulator-free mock upstream and benchmarks).</summary>
public static class EventStreamEncoder
{
    private static readonly JsonWriterOptions RelaxedJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Bytes the frame for these headers and payload takes.</summary>
    public static int GetEncodedLength(ReadOnlySpan<EventStreamHeader> headers, int payloadLength)
    {
        var headersLength = 0;
        foreach (var header in headers)
        {
            headersLength += header.EncodedLength;
        }

        return EventStreamDecoder.FrameOverhead + headersLength + payloadLength;
    }

    /// <summary>Encodes one frame into <paramref name="destination"/> and returns its length.</summary>
    public static int Encode(ReadOnlySpan<EventStreamHeader> headers, ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        var total = GetEncodedLength(headers, payload.Length);
        if (destination.Length < total)
        {
            throw new ArgumentException($"The destination needs {total} bytes.", nameof(destination));
        }

        var headersLength = total - EventStreamDecoder.FrameOverhead - payload.Length;
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)total);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)headersLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Crc32.HashToUInt32(destination[..8]));

        var offset = 12;
        foreach (var header in headers)
        {
            var nameLength = Encoding.ASCII.GetBytes(header.Name, destination[(offset + 1)..]);
            if (nameLength is 0 or > 255)
            {
                throw new ArgumentException($"Header name \"{header.Name}\" must be 1-255 ASCII bytes.", nameof(headers));
            }

            destination[offset] = (byte)nameLength;
            offset += 1 + nameLength;
            destination[offset++] = (byte)header.Type;
            if (header.Type is EventStreamHeaderType.String or EventStreamHeaderType.ByteArray)
            {
                if (header.Value.Length > ushort.MaxValue)
                {
                    throw new ArgumentException($"Header \"{header.Name}\" is longer than 65535 bytes.", nameof(headers));
                }

                BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], (ushort)header.Value.Length);
                offset += 2;
            }

            header.Value.Span.CopyTo(destination[offset..]);
            offset += header.Value.Length;
        }

        payload.CopyTo(destination[offset..]);
        offset += payload.Length;
        BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], Crc32.HashToUInt32(destination[..offset]));
        return total;
    }

    /// <summary>Encodes one frame into a new array.</summary>
    public static byte[] Encode(ReadOnlySpan<EventStreamHeader> headers, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[GetEncodedLength(headers, payload.Length)];
        Encode(headers, payload, frame);
        return frame;
    }

    /// <summary>An event frame with Bedrock's header order: <c>:event-type</c>, <c>:content-type</c>, <c>:message-type</c>.</summary>
    public static byte[] EncodeEvent(string eventType, ReadOnlySpan<byte> jsonPayload) =>
        Encode(
        [
            EventStreamHeader.String(EventStreamKnownStrings.EventTypeHeader, eventType),
            EventStreamHeader.String(EventStreamKnownStrings.ContentTypeHeader, "application/json"),
            EventStreamHeader.String(EventStreamKnownStrings.MessageTypeHeader, EventStreamKnownStrings.Event),
        ], jsonPayload);

    /// <summary>A modeled exception frame, e.g. <c>throttlingException</c>, with payload <c>{"message":...}</c>.</summary>
    public static byte[] EncodeException(string exceptionType, string message)
    {
        using var payload = new MemoryStream();
        using (var writer = new Utf8JsonWriter(payload, RelaxedJson))
        {
            writer.WriteStartObject();
            writer.WriteString("message", message);
            writer.WriteEndObject();
        }

        return Encode(
        [
            EventStreamHeader.String(EventStreamKnownStrings.ExceptionTypeHeader, exceptionType),
            EventStreamHeader.String(EventStreamKnownStrings.ContentTypeHeader, "application/json"),
            EventStreamHeader.String(EventStreamKnownStrings.MessageTypeHeader, EventStreamKnownStrings.Exception),
        ], payload.GetBuffer().AsSpan(0, (int)payload.Length));
    }

    /// <summary>An unmodeled error frame: <c>:message-type error</c> with <c>:error-code</c> and <c>:error-message</c>, no payload.</summary>
    public static byte[] EncodeError(string errorCode, string errorMessage) =>
        Encode(
        [
            EventStreamHeader.String(EventStreamKnownStrings.ErrorCodeHeader, errorCode),
            EventStreamHeader.String(EventStreamKnownStrings.ErrorMessageHeader, errorMessage),
            EventStreamHeader.String(EventStreamKnownStrings.MessageTypeHeader, EventStreamKnownStrings.Error),
        ], []);
}
