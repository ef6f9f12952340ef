using Sluice.AzureOpenAI.Client;
using Sluice.AzureOpenAI.Errors;
using Sluice.Core.Chat;
using Sluice.Core.Embeddings;
using Sluice.Core.Errors;
using Sluice.Core.Images;
using Sluice.Core.Providers;
using Sluice.OpenAI.Errors;
using Sluice.OpenAI.Provider;

namespace Sluice.AzureOpenAI.Provider;

/// <summary>
/// One deployment of an Azure OpenAI account: the OpenAI provider (Azure speaks the same chat, embeddings and image
/// bodies, so the caller's chat body is passed through) over an <see cref="AzureOpenAiEndpoint"/>, with Azure's own
/// errors (content filter, unknown deployment, keys and Entra roles) rewritten to say what to change.
/// </summary>
public sealed class AzureOpenAiModelProvider : IModelProvider, IChatPassthroughProvider
{
    private readonly OpenAiModelProvider _inner;
    private readonly AzureErrorContext _context;

    public AzureOpenAiModelProvider(OpenAiModelProvider inner, AzureOpenAiEndpoint endpoint)
    {
        _inner = inner;
        Endpoint = endpoint;
        _context = new AzureErrorContext(endpoint.Resource, endpoint.Deployment, endpoint.Settings.ApiVersion, endpoint.Settings.Entra is not null);
    }

    public AzureOpenAiEndpoint Endpoint { get; }

    public async Task<ChatResponse> ChatAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await _inner.ChatAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (GatewayException e) when (e.InnerException is OpenAiApiException upstream)
        {
            throw Rewrite(e, upstream);
        }
    }

    public async Task<ChatStream> StartChatStreamAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await _inner.StartChatStreamAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (GatewayException e) when (e.InnerException is OpenAiApiException upstream)
        {
            throw Rewrite(e, upstream);
        }
    }

    public async Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await _inner.EmbedAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (GatewayException e) when (e.InnerException is OpenAiApiException upstream)
        {
            throw Rewrite(e, upstream);
        }
    }

    public async Task<ImageResponse> GenerateImagesAsync(ImageRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await _inner.GenerateImagesAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (GatewayException e) when (e.InnerException is OpenAiApiException upstream)
        {
            throw Rewrite(e, upstream);
        }
    }

    private GatewayException Rewrite(GatewayException e, OpenAiApiException upstream) =>
        new(AzureErrorAdvice.Apply(e.Error, upstream.Status, upstream.Code, upstream.Message, _context), upstream);
}
