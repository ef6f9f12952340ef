using Sluice.Core.Chat;
using Sluice.Core.Embeddings;
using Sluice.Core.Errors;
using Sluice.Core.Images;
using Sluice.Core.Providers;
using Sluice.OpenAI.Chat;
using Sluice.OpenAI.Client;
using Sluice.OpenAI.Embeddings;
using Sluice.OpenAI.Errors;
using Sluice.OpenAI.Images;
using Sluice.Core.Buffers;

namespace Sluice.OpenAI.Provider;

/// <summary>
/// One model of an OpenAI, OpenAI-compatible or (through its own <see cref="IOpenAiEndpoint"/>) Azure OpenAI account.
/// A caller's OpenAI body is passed through (<see cref="ChatRequest.Passthrough"/>); other requests are translated.
/// A thin call between the converters and the client; failures leave as <see cref="GatewayException"/>.
/// </summary>
public sealed partial class OpenAiModelProvider(OpenAiClient client, IOpenAiEndpoint endpoint, OpenAiModelSettings model)
    : IModelProvider, IChatPassthroughProvider
{
    private readonly UpstreamInfo _upstream = new(model.ModelId, endpoint.UpstreamName[(endpoint.UpstreamName.IndexOf(':', StringComparison.Ordinal) + 1)..]);

    /// <summary>Where and as whom this model is called.</summary>
    public IOpenAiEndpoint Endpoint => endpoint;

    public OpenAiModelSettings Model => model;

    public async Task<ChatResponse> ChatAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        using var body = new PooledBufferWriter();
        WriteChat(request, stream: false, body);
        using var response = await PostAsync(OpenAiOperation.ChatCompletions, body, stream: false, cancellationToken).ConfigureAwait(false);
        var json = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        return ChatResponseReader.FromChatCompletion(json, _upstream, request.Passthrough is null ? null : request.Model, endpoint.UpstreamName);
    }

    public async Task<ChatStream> StartChatStreamAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        using (var body = new PooledBufferWriter())
        {
            WriteChat(request, stream: true, body);
            response = await PostAsync(OpenAiOperation.ChatCompletions, body, stream: true, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var state = new ChatStreamState(request.Passthrough is null ? null : request.Model, request.IncludeUsage);
            return new OpenAiChatStream(response, stream, _upstream, state, endpoint);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public async Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, CancellationToken cancellationToken)
    {
        using var body = new PooledBufferWriter();
        EmbeddingConverter.ToOpenAiEmbeddingRequest(request, endpoint.ModelInBody ? model.ModelId : null, body);
        using var response = await PostAsync(OpenAiOperation.Embeddings, body, stream: false, cancellationToken).ConfigureAwait(false);
        var json = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        return EmbeddingConverter.FromOpenAiEmbeddingResponse(json, request.Inputs.Count, _upstream);
    }

    public async Task<ImageResponse> GenerateImagesAsync(ImageRequest request, CancellationToken cancellationToken)
    {
        using var body = new PooledBufferWriter();
        ImageConverter.ToOpenAiImageRequest(request, model.ModelId, endpoint.ModelInBody, body);
        using var response = await PostAsync(OpenAiOperation.ImageGenerations, body, stream: false, cancellationToken).ConfigureAwait(false);
        var json = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        return ImageConverter.FromOpenAiImageResponse(json, _upstream);
    }

    private void WriteChat(ChatRequest request, bool stream, PooledBufferWriter body)
    {
        var upstreamModel = endpoint.ModelInBody ? model.ModelId : null;
        if (request.Passthrough is { } passthrough)
        {
            PassthroughRequestWriter.Write(passthrough, stream, upstreamModel, model.LegacyMaxTokens, body);
        }
        else
        {
            ChatRequestWriter.ToOpenAiChatRequest(request, upstreamModel, model.LegacyMaxTokens, body);
        }
    }

    private async Task<HttpResponseMessage> PostAsync(OpenAiOperation operation, PooledBufferWriter body, bool stream, CancellationToken cancellationToken)
    {
        try
        {
            return await client.PostAsync(endpoint, operation, model.ModelId, body.WrittenMemory, stream, cancellationToken).ConfigureAwait(false);
        }
        catch (OpenAiApiException e)
        {
            throw OpenAiErrorMapper.ToGatewayException(e, endpoint, model.ModelId);
        }
    }

    private async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new GatewayException(new GatewayError(502, ErrorTypes.Upstream, "upstream_unreachable",
                $"{endpoint.DisplayName}'s answer for {model.ModelId} broke off: {e.Message}", Retryable: true, Upstream: endpoint.UpstreamName), e);
        }
    }
}
