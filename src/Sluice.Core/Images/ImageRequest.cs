namespace Sluice.Core.Images;

/// <summary>A text-to-image request in neutral form.</summary>
public sealed class ImageRequest
{
    public required string Model { get; init; }
    public required string Prompt { get; init; }
    public int Count { get; init; } = 1;
    public int Width { get; init; } = 1024;
    public int Height { get; init; } = 1024;
    /// <summary><c>standard</c> or <c>hd</c>.</summary>
    public string? Quality { get; init; }
    public string? NegativePrompt { get; init; }
    public int? Seed { get; init; }
    public string? User { get; init; }
}
