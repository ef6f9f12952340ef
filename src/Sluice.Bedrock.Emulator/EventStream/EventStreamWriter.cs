using System.Buffers.Binary;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Sluice.Bedrock.Emulator;

/// <summary>Writes application/vnd.amazon.eventstream frames (prelude + CRCs, string headers) to a response.</summary>
internal sealed class EventStreamWriter(HttpResponse response)
{
    private const string Padding = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0";
    private int _padSeed;

    public int EventsWritten { get; private set; }

    /// <summary>A random-length padding value like Bedrock's "p" member.</summary>
    public string NextPadding()
    {
        _padSeed = (_padSeed * 7 + 13) % 37;
        return Padding[..(4 + _padSeed)];
    }

    public Task WriteEventAsync(string eventType, byte[] jsonPayload, CancellationToken ct)
    {
        EventsWritten++;
        return WriteFrameAsync(
            [(":event-type", eventType), (":content-type", "application/json"), (":message-type", "event")],
            jsonPayload,
            ct);
    }

    public Task WriteExceptionAsync(string exceptionType, string message, CancellationToken ct)
    {
        var payload = Encoding.UTF8.GetBytes("{\"message\":" + System.Text.Json.JsonSerializer.Serialize(message) + "}");
        return WriteFrameAsync(
            [(":exception-type", exceptionType), (":content-type", "application/json"), (":message-type", "exception")],
            payload,
            ct);
    }

    public static byte[] Encode((string Name, string Value)[] headers, ReadOnlySpan<byte> payload)
    {
        var headerLength = 0;
        foreach (var (name, value) in headers)
        {
            headerLength += 1 + Encoding.ASCII.GetByteCount(name) + 1 + 2 + Encoding.UTF8.GetByteCount(value);
        }

        var total = 12 + headerLength + payload.Length + 4;
        var frame = new byte[total];
        var span = frame.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)total);
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], (uint)headerLength);
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], Crc32.Compute(span[..8]));
        var pos = 12;
        foreach (var (name, value) in headers)
        {
            var nameLength = Encoding.ASCII.GetBytes(name, span[(pos + 1)..]);
            span[pos] = (byte)nameLength;
            pos += 1 + nameLength;
            span[pos++] = 7; // string
            var valueLength = Encoding.UTF8.GetBytes(value, span[(pos + 2)..]);
            BinaryPrimitives.WriteUInt16BigEndian(span[pos..], (ushort)valueLength);
            pos += 2 + valueLength;
        }

        payload.CopyTo(span[pos..]);
        pos += payload.Length;
        BinaryPrimitives.WriteUInt32BigEndian(span[pos..], Crc32.Compute(span[..pos]));
        return frame;
    }

    private async Task WriteFrameAsync((string Name, string Value)[] headers, byte[] payload, CancellationToken ct)
    {
        var frame = Encode(headers, payload);
        await response.Body.WriteAsync(frame, ct);
        await response.Body.FlushAsync(ct);
    }
}
