namespace Sluice.Gateway.ImageFetching;

/// <summary>Recognises the image formats providers accept by their magic bytes, whatever a header claims.</summary>
internal static class ImageSniffer
{
    /// <summary>The media type of <paramref name="data"/>, or null when it is not PNG, JPEG, GIF or WebP.</summary>
    public static string? Sniff(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        if (data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "image/jpeg";
        if (data.StartsWith("GIF87a"u8) || data.StartsWith("GIF89a"u8)) return "image/gif";
        if (data.Length >= 12 && data.StartsWith("RIFF"u8) && data.Slice(8, 4).SequenceEqual("WEBP"u8)) return "image/webp";
        return null;
    }

    /// <summary>Whether a declared media type is one the gateway accepts.</summary>
    public static bool IsSupported(ReadOnlySpan<char> mediaType) =>
        mediaType.Equals("image/png", StringComparison.OrdinalIgnoreCase)
        || mediaType.Equals("image/jpeg", StringComparison.OrdinalIgnoreCase)
        || mediaType.Equals("image/jpg", StringComparison.OrdinalIgnoreCase)
        || mediaType.Equals("image/gif", StringComparison.OrdinalIgnoreCase)
        || mediaType.Equals("image/webp", StringComparison.OrdinalIgnoreCase);
}
