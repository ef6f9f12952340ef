using System.Buffers.Binary;
using System.Text;

namespace Sluice.Bench.Mock;

/// <summary>Encodes one vnd.amazon.eventstream message (prelude, string headers, payload, CRCs).</summary>
public static class EventStreamFrame
{
    /// <summary>Builds an event frame with <c>:event-type</c>, <c>:content-type</c> and <c>:message-type</c> headers.</summary>
    public static byte[] Event(string eventType, string jsonPayload)
    {
        var headers = new MemoryStream();
        WriteStringHeader(headers, ":event-type", eventType);
        WriteStringHeader(headers, ":content-type", "application/json");
        WriteStringHeader(headers, ":message-type", "event");
        var headerBytes = headers.ToArray();
        var payload = Encoding.UTF8.GetBytes(jsonPayload);

        var total = 12 + headerBytes.Length + payload.Length + 4;
        var frame = new byte[total];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(0), (uint)total);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)headerBytes.Length);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(8), Crc32.Compute(frame.AsSpan(0, 8)));
        headerBytes.CopyTo(frame, 12);
        payload.CopyTo(frame, 12 + headerBytes.Length);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(total - 4), Crc32.Compute(frame.AsSpan(0, total - 4)));
        return frame;
    }

    private static void WriteStringHeader(MemoryStream stream, string name, string value)
    {
        var nameBytes = Encoding.ASCII.GetBytes(name);
        var valueBytes = Encoding.UTF8.GetBytes(value);
        stream.WriteByte((byte)nameBytes.Length);
        stream.Write(nameBytes);
        stream.WriteByte(7);
        stream.WriteByte((byte)(valueBytes.Length >> 8));
        stream.WriteByte((byte)valueBytes.Length);
        stream.Write(valueBytes);
    }
}
