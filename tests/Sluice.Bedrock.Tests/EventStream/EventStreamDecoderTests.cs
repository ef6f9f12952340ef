using System.Text;
using Sluice.Bedrock.EventStream;

namespace Sluice.Bedrock.Tests.EventStream;

public sealed class EventStreamDecoderTests
{
    [Fact]
    public void TryReadMessage_GoldenFrameA_DecodesChunk()
    {
        Assert.Equal(267, GoldenFrames.FrameA.Length);
        using var decoder = new EventStreamDecoder();
        decoder.Write(GoldenFrames.FrameA);

        Assert.True(decoder.TryReadMessage(out var message));
        Assert.Equal("chunk", message.EventType);
        Assert.Equal("event", message.MessageType);
        Assert.Null(message.ExceptionType);
        Assert.Equal("application/json", message.GetStringHeader(":content-type"));
        Assert.Equal(GoldenFrames.FrameAPayload, Encoding.UTF8.GetString(message.Payload.Span));
        Assert.False(decoder.TryReadMessage(out _));
        Assert.Equal(0, decoder.BufferedBytes);
    }

    [Fact]
    public void TryReadMessage_GoldenFrameB_DecodesContentBlockDelta()
    {
        Assert.Equal(159, GoldenFrames.FrameB.Length);
        using var decoder = new EventStreamDecoder();
        decoder.Write(GoldenFrames.FrameB);

        Assert.True(decoder.TryReadMessage(out var message));
        Assert.Equal("contentBlockDelta", message.EventType);
        Assert.True(message.IsEvent);
        Assert.Equal("""{"contentBlockIndex":0,"delta":{"text":"Hi"},"p":"abcd"}""", Encoding.UTF8.GetString(message.Payload.Span));
    }

    [Fact]
    public void TryReadMessage_GoldenFrameC_DecodesThrottlingException()
    {
        Assert.Equal(178, GoldenFrames.FrameC.Length);
        using var decoder = new EventStreamDecoder();
        decoder.Write(GoldenFrames.FrameC);

        Assert.True(decoder.TryReadMessage(out var message));
        Assert.Equal("exception", message.MessageType);
        Assert.Equal("throttlingException", message.ExceptionType);
        Assert.False(message.IsEvent);
        Assert.Equal("""{"message":"Too many requests, please wait before trying again."}""", Encoding.UTF8.GetString(message.Payload.Span));
    }

    [Fact]
    public void TryReadMessage_FramesSplitAtEveryBoundary_YieldsSameFrames()
    {
        var stream = Concat(GoldenFrames.FrameA, GoldenFrames.FrameB, GoldenFrames.FrameC);
        for (var split = 1; split < stream.Length; split++)
        {
            using var decoder = new EventStreamDecoder(initialBufferSize: 64);
            var decoded = new List<string>();
            Drain(decoder, stream.AsSpan(0, split), decoded);
            Drain(decoder, stream.AsSpan(split), decoded);

            Assert.Equal(["chunk", "contentBlockDelta", "throttlingException"], decoded);
            Assert.Equal(0, decoder.BufferedBytes);
        }
    }

    [Fact]
    public void TryReadMessage_FedOneByteAtATime_YieldsEachFrameWhenComplete()
    {
        var stream = Concat(GoldenFrames.FrameB, GoldenFrames.FrameA, GoldenFrames.FrameB);
        using var decoder = new EventStreamDecoder(initialBufferSize: 16);
        var payloads = new List<string>();
        foreach (var b in stream)
        {
            decoder.Write([b]);
            while (decoder.TryReadMessage(out var message))
            {
                payloads.Add(Encoding.UTF8.GetString(message.Payload.Span));
            }
        }

        Assert.Equal(3, payloads.Count);
        Assert.Equal(GoldenFrames.FrameAPayload, payloads[1]);
        Assert.Equal(payloads[0], payloads[2]);
    }

    [Fact]
    public void TryReadMessage_PartialFrame_ReportsBufferedBytes()
    {
        using var decoder = new EventStreamDecoder();
        decoder.Write(GoldenFrames.FrameB.AsSpan(0, 100));

        Assert.False(decoder.TryReadMessage(out _));
        Assert.Equal(100, decoder.BufferedBytes);
    }

    [Fact]
    public void TryReadMessage_PreludeCrcCorrupted_Throws()
    {
        var frame = (byte[])GoldenFrames.FrameB.Clone();
        frame[9] ^= 0xFF;
        using var decoder = new EventStreamDecoder();
        decoder.Write(frame.AsSpan(0, 12));

        var error = Assert.Throws<EventStreamFormatException>(() => decoder.TryReadMessage(out _));
        Assert.Contains("prelude CRC", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadMessage_LengthCorrupted_FailsOnPreludeCrcWithoutWaiting()
    {
        var frame = (byte[])GoldenFrames.FrameB.Clone();
        frame[0] = 0x7F; // claims a 2 GB frame
        using var decoder = new EventStreamDecoder();
        decoder.Write(frame);

        Assert.Throws<EventStreamFormatException>(() => decoder.TryReadMessage(out _));
    }

    [Fact]
    public void TryReadMessage_PayloadByteFlipped_ThrowsMessageCrcMismatch()
    {
        var frame = (byte[])GoldenFrames.FrameB.Clone();
        frame[120] ^= 0x01;
        using var decoder = new EventStreamDecoder();
        decoder.Write(frame);

        var error = Assert.Throws<EventStreamFormatException>(() => decoder.TryReadMessage(out _));
        Assert.Contains("message CRC", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadMessage_FrameLargerThanBuffer_GrowsAndDecodes()
    {
        var payload = Encoding.UTF8.GetBytes("{\"text\":\"" + new string('x', 100_000) + "\"}");
        var frame = EventStreamEncoder.EncodeEvent("contentBlockDelta", payload);
        using var decoder = new EventStreamDecoder(initialBufferSize: 256);
        for (var offset = 0; offset < frame.Length; offset += 1000)
        {
            var chunk = frame.AsSpan(offset, Math.Min(1000, frame.Length - offset));
            var target = decoder.GetWriteBuffer(chunk.Length);
            chunk.CopyTo(target.Span);
            decoder.Advance(chunk.Length);
        }

        Assert.True(decoder.TryReadMessage(out var message));
        Assert.True(message.Payload.Span.SequenceEqual(payload));
    }

    private static void Drain(EventStreamDecoder decoder, ReadOnlySpan<byte> bytes, List<string> decoded)
    {
        decoder.Write(bytes);
        while (decoder.TryReadMessage(out var message))
        {
            decoded.Add(message.EventType ?? message.ExceptionType ?? "?");
        }
    }

    internal static byte[] Concat(params byte[][] frames)
    {
        var all = new List<byte>();
        foreach (var frame in frames)
        {
            all.AddRange(frame);
        }

        return [.. all];
    }
}
