using System.Buffers.Binary;
using System.Text;
using Sluice.Bedrock.EventStream;

namespace Sluice.Bedrock.Tests.EventStream;

public sealed class EventStreamEncoderTests
{
    [Fact]
    public void EncodeEvent_GoldenFrameBContent_ReproducesExactBytes()
    {
        var frame = EventStreamEncoder.EncodeEvent("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"Hi"},"p":"abcd"}"""u8);

        Assert.Equal(Convert.ToHexStringLower(GoldenFrames.FrameB), Convert.ToHexStringLower(frame));
    }

    [Fact]
    public void EncodeEvent_GoldenFrameAContent_ReproducesExactBytes()
    {
        var frame = EventStreamEncoder.EncodeEvent("chunk", Encoding.UTF8.GetBytes(GoldenFrames.FrameAPayload));

        Assert.Equal(Convert.ToHexStringLower(GoldenFrames.FrameA), Convert.ToHexStringLower(frame));
    }

    [Fact]
    public void EncodeException_GoldenFrameCContent_ReproducesExactBytes()
    {
        var frame = EventStreamEncoder.EncodeException("throttlingException", "Too many requests, please wait before trying again.");

        Assert.Equal(Convert.ToHexStringLower(GoldenFrames.FrameC), Convert.ToHexStringLower(frame));
    }

    [Fact]
    public void Encode_EveryHeaderType_RoundTripsThroughDecoder()
    {
        var id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        var when = DateTimeOffset.FromUnixTimeMilliseconds(1_735_787_045_123);
        var frame = EventStreamEncoder.Encode(
        [
            EventStreamHeader.Bool("yes", true),
            EventStreamHeader.Bool("no", false),
            EventStreamHeader.Int32("count", -7),
            EventStreamHeader.Int64("big", long.MaxValue),
            EventStreamHeader.Bytes("blob", new byte[] { 1, 2, 3 }),
            EventStreamHeader.Timestamp("at", when),
            EventStreamHeader.Uuid("id", id),
            EventStreamHeader.String(":event-type", "metadata"),
            EventStreamHeader.String(":message-type", "event"),
        ], "{}"u8);

        using var decoder = new EventStreamDecoder();
        decoder.Write(frame);
        Assert.True(decoder.TryReadMessage(out var message));

        Assert.Equal("metadata", message.EventType);
        Assert.True(message.TryGetHeader("yes", out var type, out _));
        Assert.Equal(EventStreamHeaderType.BoolTrue, type);
        Assert.True(message.TryGetHeader("count", out _, out var count));
        Assert.Equal(-7, BinaryPrimitives.ReadInt32BigEndian(count.Span));
        Assert.True(message.TryGetHeader("big", out _, out var big));
        Assert.Equal(long.MaxValue, BinaryPrimitives.ReadInt64BigEndian(big.Span));
        Assert.True(message.TryGetHeader("blob", out type, out var blob));
        Assert.Equal(EventStreamHeaderType.ByteArray, type);
        Assert.Equal(new byte[] { 1, 2, 3 }, blob.ToArray());
        Assert.True(message.TryGetHeader("at", out _, out var at));
        Assert.Equal(when.ToUnixTimeMilliseconds(), BinaryPrimitives.ReadInt64BigEndian(at.Span));
        Assert.True(message.TryGetHeader("id", out _, out var uuid));
        Assert.Equal(id, new Guid(uuid.Span, bigEndian: true));
        Assert.False(message.TryGetHeader("missing", out _, out _));
        Assert.Equal("{}", Encoding.UTF8.GetString(message.Payload.Span));
    }

    [Fact]
    public void EncodeError_UnmodeledError_CarriesCodeAndMessageHeaders()
    {
        using var decoder = new EventStreamDecoder();
        decoder.Write(EventStreamEncoder.EncodeError("InternalFailure", "boom"));

        Assert.True(decoder.TryReadMessage(out var message));
        Assert.Equal("error", message.MessageType);
        Assert.Equal("InternalFailure", message.GetStringHeader(":error-code"));
        Assert.Equal("boom", message.GetStringHeader(":error-message"));
        Assert.True(message.Payload.IsEmpty);
    }
}
