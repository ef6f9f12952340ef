using System.Text;
using Sluice.Bedrock.EventStream;
using Sluice.Bedrock.Tests.EventStream;

namespace Sluice.Bedrock.Tests.Runtime;

/// <summary>Event-stream response bodies for client tests.</summary>
internal static class StreamBodies
{
    public static byte[] MessageStart => EventStreamEncoder.EncodeEvent("messageStart", """{"role":"assistant"}"""u8);

    public static byte[] MessageStop => EventStreamEncoder.EncodeEvent("messageStop", """{"stopReason":"end_turn"}"""u8);

    public static byte[] Metadata => EventStreamEncoder.EncodeEvent("metadata",
        """{"usage":{"inputTokens":9,"outputTokens":3,"totalTokens":12},"metrics":{"latencyMs":412}}"""u8);

    public static byte[] CompleteConverse() =>
        EventStreamDecoderTests.Concat(MessageStart, GoldenFrames.FrameB, MessageStop, Metadata);

    public static byte[] InvokeChunks(int count)
    {
        var frames = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var inner = Convert.ToBase64String(Encoding.UTF8.GetBytes($$"""{"type":"content_block_delta","index":{{i}}}"""));
            frames[i] = EventStreamEncoder.EncodeEvent("chunk", Encoding.UTF8.GetBytes($$"""{"bytes":"{{inner}}"}"""));
        }

        return EventStreamDecoderTests.Concat(frames);
    }
}
