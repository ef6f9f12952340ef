using System.Buffers.Binary;
using System.Text;

namespace Sluice.Bedrock.Emulator.Tests;

/// <summary>An independent vnd.amazon.eventstream parser for tests: checks both CRCs of every frame.</summary>
internal static class FrameParser
{
    public sealed record Frame(Dictionary<string, string> Headers, byte[] Payload)
    {
        public string PayloadText => Encoding.UTF8.GetString(Payload);
    }

    public static List<Frame> Parse(byte[] data)
    {
        var frames = new List<Frame>();
        var pos = 0;
        while (pos < data.Length)
        {
            var span = data.AsSpan(pos);
            var total = (int)BinaryPrimitives.ReadUInt32BigEndian(span);
            var headersLength = (int)BinaryPrimitives.ReadUInt32BigEndian(span[4..]);
            Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(span[8..]), Crc(span[..8]));
            Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(span[(total - 4)..]), Crc(span[..(total - 4)]));
            var headers = new Dictionary<string, string>();
            var h = 12;
            while (h < 12 + headersLength)
            {
                int nameLength = span[h];
                var name = Encoding.ASCII.GetString(span.Slice(h + 1, nameLength));
                h += 1 + nameLength;
                Assert.Equal(7, span[h]);
                var valueLength = BinaryPrimitives.ReadUInt16BigEndian(span[(h + 1)..]);
                headers[name] = Encoding.UTF8.GetString(span.Slice(h + 3, valueLength));
                h += 3 + valueLength;
            }

            frames.Add(new Frame(headers, span[(12 + headersLength)..(total - 4)].ToArray()));
            pos += total;
        }

        return frames;
    }

    private static uint Crc(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }

        return ~crc;
    }
}
