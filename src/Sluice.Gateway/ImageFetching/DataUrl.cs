using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Sluice.Gateway.ImageFetching;

/// <summary>Decodes <c>data:image/...;base64,...</c> URLs straight from the request's UTF-8 bytes.</summary>
internal static class DataUrl
{
    public static bool IsDataUrl(ReadOnlySpan<byte> url) =>
        url.Length >= 5 && Ascii.EqualsIgnoreCase(url[..5], "data:"u8);

    /// <summary>Decodes an image data URL; on failure <paramref name="reason"/> says what is wrong.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> url, out ReadOnlyMemory<byte> data, out string mediaType, out string? reason)
    {
        data = default;
        mediaType = "";
        var comma = url.IndexOf((byte)',');
        if (!IsDataUrl(url) || comma < 0)
        {
            reason = "it is not a valid data URL (expected data:image/png;base64,...)";
            return false;
        }

        var header = url[5..comma];
        var semicolon = header.IndexOf((byte)';');
        var declared = semicolon < 0 ? header : header[..semicolon];
        var parameters = semicolon < 0 ? default : header[(semicolon + 1)..];
        if (!EndsWithBase64(parameters))
        {
            reason = "only base64 data URLs are supported (data:image/png;base64,...)";
            return false;
        }

        var declaredText = Encoding.ASCII.GetString(declared);
        if (!ImageSniffer.IsSupported(declaredText))
        {
            reason = $"the media type '{declaredText}' is not supported; use image/png, image/jpeg, image/gif or image/webp";
            return false;
        }

        var payload = url[(comma + 1)..];
        var buffer = new byte[Base64.GetMaxDecodedFromUtf8Length(payload.Length)];
        var status = Base64.DecodeFromUtf8(payload, buffer, out _, out var written);
        if (status != OperationStatus.Done)
        {
            reason = "its base64 data is not valid";
            return false;
        }

        var sniffed = ImageSniffer.Sniff(buffer.AsSpan(0, written));
        if (sniffed is null)
        {
            reason = "its bytes are not a PNG, JPEG, GIF or WebP image";
            return false;
        }

        // The bytes decide: providers reject an image whose declared format does not match its content.
        data = new ReadOnlyMemory<byte>(buffer, 0, written);
        mediaType = sniffed;
        reason = null;
        return true;
    }

    private static bool EndsWithBase64(ReadOnlySpan<byte> parameters)
    {
        while (!parameters.IsEmpty)
        {
            var next = parameters.IndexOf((byte)';');
            var item = next < 0 ? parameters : parameters[..next];
            if (Ascii.EqualsIgnoreCase(item, "base64"u8)) return true;
            parameters = next < 0 ? default : parameters[(next + 1)..];
        }

        return false;
    }
}
