namespace Sluice.Core.Chat;

/// <summary>One part of a message's content.</summary>
public abstract record ContentPart
{
    /// <summary>A prompt-cache marker after this part; null when none.</summary>
    public CacheControl? CacheControl { get; init; }
}

/// <summary>Plain text.</summary>
public sealed record TextPart(string Text) : ContentPart;

/// <summary>
/// An image as bytes. The gateway resolves http(s) and data URLs to bytes before a provider sees the request,
/// so providers never fetch anything themselves.
/// </summary>
public sealed record ImagePart(ReadOnlyMemory<byte> Data, string MediaType) : ContentPart;
