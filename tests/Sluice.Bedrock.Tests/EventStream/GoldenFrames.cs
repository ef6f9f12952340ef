using System.Text;

namespace Sluice.Bedrock.Tests.EventStream;

/// <summary>Golden frames from bedrock-wire.md §4 (A from an AI21 SDK test, B and C made and parsed by botocore).</summary>
internal static class GoldenFrames
{
    public const string FrameAPayload =
        """{"bytes":"eyJjaG9pY2VzIjpbeyJpbmRleCI6MCwibWVzc2FnZSI6eyJyb2xlIjoiYXNzaXN0YW50IiwiY29udGVudCI6IkkifSwic3RvcF9yZWFzb24iOm51bGx9XX0=","p":"abcdefghijklmnopqrstuvwxyzABCDEFGHIJK"}""";

    public static readonly byte[] FrameA = BuildFrameA();

    public static readonly byte[] FrameB = Convert.FromHexString(
        "0000009f00000057c37babff0b3a6576656e742d74797065070011636f6e74656e74426c6f636b44656c74610d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e0d3a6d6573736167652d747970650700056576656e747b22636f6e74656e74426c6f636b496e646578223a302c2264656c7461223a7b2274657874223a224869227d2c2270223a2261626364227df2ace5ff");

    public static readonly byte[] FrameC = Convert.FromHexString(
        "000000b2000000613590d5d30f3a657863657074696f6e2d747970650700137468726f74746c696e67457863657074696f6e0d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e0d3a6d6573736167652d74797065070009657863657074696f6e7b226d657373616765223a22546f6f206d616e792072657175657374732c20706c656173652077616974206265666f726520747279696e6720616761696e2e227de8ffb26a");

    private static byte[] BuildFrameA()
    {
        // The bytes exactly as the source test spells them: prelude with its CRC, three string headers, payload, message CRC.
        var frame = new List<byte>();
        frame.AddRange(Convert.FromHexString("0000010b0000004b38a0a5c5"));
        frame.AddRange(Encoding.ASCII.GetBytes("\u000b:event-type\u0007\u0000\u0005chunk"));
        frame.AddRange(Encoding.ASCII.GetBytes("\r:content-type\u0007\u0000\u0010application/json"));
        frame.AddRange(Encoding.ASCII.GetBytes("\r:message-type\u0007\u0000\u0005event"));
        frame.AddRange(Encoding.ASCII.GetBytes(FrameAPayload));
        frame.AddRange(Convert.FromHexString("1106313f"));
        return [.. frame];
    }
}
