using System.Buffers;
using System.Text;
using System.Text.Json;
using Sluice.Gateway.Json;

namespace Sluice.Gateway.Tests.Json;

public sealed class MinimalJsonEncoderTests
{
    [Theory]
    [InlineData("Café ☕ au lait", "\"Café ☕ au lait\"")]
    [InlineData("emoji 😀 and 👍🏽", "\"emoji 😀 and 👍🏽\"")]
    [InlineData("<b>&'</b>", "\"<b>&'</b>\"")]
    [InlineData("quote \" backslash \\ newline \n tab \t", "\"quote \\\" backslash \\\\ newline \\n tab \\t\"")]
    [InlineData("nul \u0000 bell \u0007", "\"nul \\u0000 bell \\u0007\"")]
    [InlineData("line\u2028separator", "\"line\\u2028separator\"")]
    public void WriteString_Utf16Text_EscapesOnlyWhatJsonNeeds(string text, string expected)
    {
        var json = Write(w => w.WriteStringValue(text));

        Assert.Equal(expected, json);
        Assert.Equal(text, JsonDocument.Parse(json).RootElement.GetString());
    }

    [Fact]
    public void WriteString_Utf8Text_EscapesOnlyWhatJsonNeeds()
    {
        var json = Write(w => w.WriteStringValue(Encoding.UTF8.GetBytes("Zoé \"😀\"")));

        Assert.Equal("\"Zoé \\\"😀\\\"\"", json);
    }

    [Fact]
    public void WriteString_LoneSurrogate_WritesReplacementCharacterEscaped()
    {
        var json = Write(w => w.WriteStringValue("broken \uD83D end"));

        Assert.Equal("\"broken \\uFFFD end\"", json);
        Assert.Equal("broken \uFFFD end", JsonDocument.Parse(json).RootElement.GetString());
    }

    [Fact]
    public void WriteString_PropertyNames_UseTheSameRules()
    {
        var json = Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("clé", "é");
            w.WriteEndObject();
        });

        Assert.Equal("{\"clé\":\"é\"}", json);
    }

    [Fact]
    public void WriteString_RepeatedOnTheHotPath_AllocatesNothing()
    {
        // What ChatChunkWriter does per chunk: one writer, Reset per event, text that needs UTF-8 and escapes.
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        using var writer = new Utf8JsonWriter(buffer, GatewayJson.WriterOptions);
        const string text = "Voilà 😀 \"quoted\"\nnext line, and plain ASCII text long enough to be scanned in vectors";
        Write(writer, buffer, text); // warm-up: first calls may initialise statics

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Write(writer, buffer, text);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        static void Write(Utf8JsonWriter writer, ArrayBufferWriter<byte> buffer, string text)
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            writer.WriteStartObject();
            writer.WriteString("content"u8, text);
            writer.WriteEndObject();
            writer.Flush();
        }
    }

    [Fact]
    public void Quote_Null_IsJsonNull() => Assert.Equal("null", GatewayJson.Quote(null));

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, GatewayJson.WriterOptions))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
