using Sluice.Core.Chat;

namespace Sluice.Core.Images;

/// <summary>Generated images as base64-encoded PNG or JPEG.</summary>
public sealed class ImageResponse
{
    public required List<string> ImagesBase64 { get; init; }
    public required UpstreamInfo Upstream { get; init; }
}
