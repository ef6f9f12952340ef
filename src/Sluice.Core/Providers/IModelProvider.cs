using Sluice.Core.Chat;
using Sluice.Core.Embeddings;
using Sluice.Core.Images;

namespace Sluice.Core.Providers;

/// <summary>
/// One configured model of one provider account. The gateway talks to providers only through this interface;
/// failures are thrown as <see cref="Errors.GatewayException"/>.
/// </summary>
public interface IModelProvider
{
    Task<ChatResponse> ChatAsync(ChatRequest request, CancellationToken cancellationToken);

    /// <summary>Returns once the upstream has accepted the request and its first bytes can be read.</summary>
    Task<ChatStream> StartChatStreamAsync(ChatRequest request, CancellationToken cancellationToken);

    Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, CancellationToken cancellationToken);

    Task<ImageResponse> GenerateImagesAsync(ImageRequest request, CancellationToken cancellationToken);
}
