using Sluice.Core.Chat;

namespace Sluice.Anthropic.Translation;

/// <summary>A Messages request translated to Core's chat model, with the URL images still to fetch into it.</summary>
/// <param name="Request">The chat request; its <see cref="ChatRequest.Model"/> is the caller's model name.</param>
/// <param name="ImageUrls">Images given by URL, in order; null when there are none.</param>
public sealed record TranslatedChatRequest(ChatRequest Request, IReadOnlyList<PendingImageUrl>? ImageUrls)
{
    /// <summary>Puts a fetched image in the place of its placeholder, keeping the block's cache marker.</summary>
    public void SetImage(PendingImageUrl pending, ReadOnlyMemory<byte> data, string mediaType)
    {
        var content = Request.Messages[pending.Message].Content;
        content[pending.Part] = new ImagePart(data, mediaType) { CacheControl = content[pending.Part].CacheControl };
    }
}
