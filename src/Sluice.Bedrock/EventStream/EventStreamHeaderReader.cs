using System.Buffers.Binary;

namespace Sluice.Bedrock.EventStream;

/// <summary>Walks the header block of a frame without allocating.</summary>
internal static class EventStreamHeaderReader
{
    /// <summary>
    /// Reads the header at <paramref name="offset"/> and moves past it. Throws <see cref="EventStreamFormatException"/>
    /// when the block is malformed; returns false at the end of the block.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> block, ref int offset, out ReadOnlySpan<byte> name,
        out EventStreamHeaderType type, out int valueStart, out int valueLength)
    {
        name = default;
        type = default;
        valueStart = 0;
        valueLength = 0;
        if (offset >= block.Length)
        {
            return false;
        }

        var nameLength = block[offset];
        if (nameLength == 0 || offset + 1 + nameLength + 1 > block.Length)
        {
            throw new EventStreamFormatException("An event-stream header name runs past the header block.");
        }

        name = block.Slice(offset + 1, nameLength);
        offset += 1 + nameLength;
        type = (EventStreamHeaderType)block[offset++];
        switch (type)
        {
            case EventStreamHeaderType.BoolTrue or EventStreamHeaderType.BoolFalse:
                valueLength = 0;
                break;
            case EventStreamHeaderType.Byte:
                valueLength = 1;
                break;
            case EventStreamHeaderType.Int16:
                valueLength = 2;
                break;
            case EventStreamHeaderType.Int32:
                valueLength = 4;
                break;
            case EventStreamHeaderType.Int64 or EventStreamHeaderType.Timestamp:
                valueLength = 8;
                break;
            case EventStreamHeaderType.Uuid:
                valueLength = 16;
                break;
            case EventStreamHeaderType.ByteArray or EventStreamHeaderType.String:
                if (offset + 2 > block.Length)
                {
                    throw new EventStreamFormatException("An event-stream header value length runs past the header block.");
                }

                valueLength = BinaryPrimitives.ReadUInt16BigEndian(block[offset..]);
                offset += 2;
                break;
            default:
                throw new EventStreamFormatException($"Unknown event-stream header type {(byte)type}.");
        }

        if (offset + valueLength > block.Length)
        {
            throw new EventStreamFormatException("An event-stream header value runs past the header block.");
        }

        valueStart = offset;
        offset += valueLength;
        return true;
    }
}
