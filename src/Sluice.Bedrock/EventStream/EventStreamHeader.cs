using System.Buffers.Binary;
using System.Text;

namespace Sluice.Bedrock.EventStream;

/// <summary>One header to encode: its name, type and value bytes (without the u16 length prefix of strings and byte arrays).</summary>
public readonly record struct EventStreamHeader(string Name, EventStreamHeaderType Type, ReadOnlyMemory<byte> Value)
{
    /// <summary>A UTF-8 string header (type 7), the only kind Bedrock sends.</summary>
    public static EventStreamHeader String(string name, string value) => new(name, EventStreamHeaderType.String, Encoding.UTF8.GetBytes(value));

    /// <summary>A byte-array header (type 6).</summary>
    public static EventStreamHeader Bytes(string name, ReadOnlyMemory<byte> value) => new(name, EventStreamHeaderType.ByteArray, value);

    /// <summary>A boolean header (types 0 and 1 carry no value bytes).</summary>
    public static EventStreamHeader Bool(string name, bool value) =>
        new(name, value ? EventStreamHeaderType.BoolTrue : EventStreamHeaderType.BoolFalse, ReadOnlyMemory<byte>.Empty);

    /// <summary>A big-endian int32 header (type 4).</summary>
    public static EventStreamHeader Int32(string name, int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return new(name, EventStreamHeaderType.Int32, bytes);
    }

    /// <summary>A big-endian int64 header (type 5).</summary>
    public static EventStreamHeader Int64(string name, long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        return new(name, EventStreamHeaderType.Int64, bytes);
    }

    /// <summary>A timestamp header (type 8): milliseconds since the Unix epoch.</summary>
    public static EventStreamHeader Timestamp(string name, DateTimeOffset value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value.ToUnixTimeMilliseconds());
        return new(name, EventStreamHeaderType.Timestamp, bytes);
    }

    /// <summary>A UUID header (type 9): 16 bytes in network order.</summary>
    public static EventStreamHeader Uuid(string name, Guid value) =>
        new(name, EventStreamHeaderType.Uuid, value.ToByteArray(bigEndian: true));

    /// <summary>Bytes this header takes on the wire.</summary>
    internal int EncodedLength => 1 + Encoding.ASCII.GetByteCount(Name) + 1
        + (Type is EventStreamHeaderType.String or EventStreamHeaderType.ByteArray ? 2 : 0) + Value.Length;
}
