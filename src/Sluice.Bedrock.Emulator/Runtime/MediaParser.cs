using System.Buffers.Binary;
using System.Text.Json;

namespace Sluice.Bedrock.Emulator;

/// <summary>Validates image and document blocks: enum formats, base64 that decodes, bytes that match the declared format.</summary>
internal static class MediaParser
{
    private static readonly string[] DocumentFormats = ["pdf", "csv", "doc", "docx", "xls", "xlsx", "html", "txt", "md"];

    public static Block ParseImage(JsonElement v, string path)
    {
        var format = ConverseParser.RequireString(v, "format", path);
        if (format is not ("png" or "jpeg" or "gif" or "webp"))
        {
            throw RequestRejected.Constraint(format, path + ".format", "Member must satisfy enum value set: [gif, jpeg, png, webp]");
        }

        var bytes = ReadSourceBytes(v, path);
        var (w, h) = Dimensions(format, bytes);
        if (w < 0)
        {
            throw RequestRejected.Validation($"The image at {path} isn't a valid {format} image. Check the image format and bytes, and try again.");
        }

        return Describe(format, w, h);
    }

    public static Block Describe(string format, int width, int height) => new()
    {
        Kind = BlockKind.Image,
        Format = format,
        Width = width,
        Height = height,
        Text = width > 0 ? $"[image/{format} {width}x{height}]" : $"[image/{format}]",
    };

    public static Block ParseDocument(JsonElement v, string path)
    {
        var name = ConverseParser.RequireString(v, "name", path);
        if (name.Length is 0 or > 200)
        {
            throw RequestRejected.Constraint(name, path + ".name", "Member must have length less than or equal to 200");
        }

        var format = v.TryGetProperty("format", out var f) ? f.GetString() ?? "" : "txt";
        if (Array.IndexOf(DocumentFormats, format) < 0)
        {
            throw RequestRejected.Constraint(format, path + ".format", "Member must satisfy enum value set: [pdf, csv, doc, docx, xls, xlsx, html, txt, md]");
        }

        if (!v.TryGetProperty("source", out var source) || source.ValueKind != JsonValueKind.Object)
        {
            throw RequestRejected.Constraint("null", path + ".source", "Member must not be null");
        }

        if (source.TryGetProperty("bytes", out _))
        {
            ReadSourceBytes(v, path);
        }

        return new Block { Kind = BlockKind.Document, Format = format, Text = $"[document {name}]" };
    }

    public static byte[] ReadSourceBytes(JsonElement v, string path)
    {
        if (!v.TryGetProperty("source", out var source) || source.ValueKind != JsonValueKind.Object)
        {
            throw RequestRejected.Constraint("null", path + ".source", "Member must not be null");
        }

        if (source.TryGetProperty("s3Location", out _))
        {
            throw RequestRejected.Validation($"The model doesn't support S3 locations at {path}.source. Send the content as bytes instead.");
        }

        if (!source.TryGetProperty("bytes", out var b) || b.ValueKind != JsonValueKind.String)
        {
            throw RequestRejected.Constraint("null", path + ".source.bytes", "Member must not be null");
        }

        if (!b.TryGetBytesFromBase64(out var bytes) || bytes.Length == 0)
        {
            throw RequestRejected.Malformed($"#/{path.Replace('.', '/')}/source/bytes: expected a non-empty base64-encoded blob");
        }

        return bytes;
    }

    /// <summary>Width/height when the header tells them, (0,0) when the format is right but size unknown, (-1,-1) when bytes do not match.</summary>
    public static (int Width, int Height) Dimensions(string format, byte[] b)
    {
        switch (format)
        {
            case "png":
                if (b.Length >= 24 && b[0] == 0x89 && b[1] == (byte)'P' && b[2] == (byte)'N' && b[3] == (byte)'G' && b[12] == (byte)'I' && b[13] == (byte)'H')
                {
                    return ((int)BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(16)), (int)BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(20)));
                }

                return (-1, -1);
            case "gif":
                return b.Length >= 10 && b[0] == (byte)'G' && b[1] == (byte)'I' && b[2] == (byte)'F'
                    ? (BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(6)), BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(8)))
                    : (-1, -1);
            case "jpeg":
                return b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF ? (0, 0) : (-1, -1);
            case "webp":
                return b.Length >= 12 && b[0] == (byte)'R' && b[1] == (byte)'I' && b[8] == (byte)'W' && b[9] == (byte)'E' ? (0, 0) : (-1, -1);
            default:
                return (-1, -1);
        }
    }
}
