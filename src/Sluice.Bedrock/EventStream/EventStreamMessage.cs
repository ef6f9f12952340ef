using System.Text;

namespace Sluice.Bedrock.EventStream;

/// <summary>One decoded event-stream frame. Its memory belongs to the decoder and is valid until the next read.</summary>
public readonly struct EventStreamMessage
{
    internal EventStreamMessage(ReadOnlyMemory<byte> rawHeaders, ReadOnlyMemory<byte> payload, string? eventType, string? messageType,
        string? exceptionType)
    {
        RawHeaders = rawHeaders;
        Payload = payload;
        EventType = eventType;
        MessageType = messageType;
        ExceptionType = exceptionType;
    }

    /// <summary>The <c>:event-type</c> header, e.g. <c>contentBlockDelta</c> or <c>chunk</c>.</summary>
    public string? EventType { get; }

    /// <summary>The <c>:message-type</c> header: <c>event</c>, <c>exception</c> or <c>error</c>.</summary>
    public string? MessageType { get; }

    /// <summary>The <c>:exception-type</c> header of an exception frame, e.g. <c>throttlingException</c>.</summary>
    public string? ExceptionType { get; }

    /// <summary>The frame's payload (JSON for Bedrock).</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>The encoded header block, for headers not surfaced as properties.</summary>
    public ReadOnlyMemory<byte> RawHeaders { get; }

    /// <summary>Whether this is a normal event (not an exception or error).</summary>
    public bool IsEvent => MessageType == EventStreamKnownStrings.Event;

    /// <summary>Finds a header by name; <paramref name="value"/> excludes the length prefix of strings and byte arrays.</summary>
    public bool TryGetHeader(string name, out EventStreamHeaderType type, out ReadOnlyMemory<byte> value)
    {
        var block = RawHeaders.Span;
        var offset = 0;
        while (EventStreamHeaderReader.TryRead(block, ref offset, out var headerName, out type, out var start, out var length))
        {
            if (Ascii.Equals(headerName, name))
            {
                value = RawHeaders.Slice(start, length);
                return true;
            }
        }

        type = default;
        value = default;
        return false;
    }

    /// <summary>The value of a string header, or null when absent or not a string.</summary>
    public string? GetStringHeader(string name) =>
        TryGetHeader(name, out var type, out var value) && type == EventStreamHeaderType.String
            ? EventStreamKnownStrings.GetString(value.Span)
            : null;
}
