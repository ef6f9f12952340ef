using System.Text.Json;
using Sluice.Anthropic.Chat;
using Sluice.Anthropic.Client;
using Sluice.Anthropic.Errors;
using Sluice.Anthropic.Messages;
using Sluice.Core.Chat;
using Sluice.Core.Embeddings;
using Sluice.Core.Errors;
using Sluice.Core.Images;
using Sluice.Core.Messages;
using Sluice.Core.Providers;
using Sluice.Core.Buffers;

namespace Sluice.Anthropic.Provider;

/// <summary>
/// One model of an Anthropic account. <c>/v1/messages</c> bodies pass through with only <c>model</c> replaced;
/// chat completions are translated to Messages and back. A thin call between the converters and the client;
/// Anthropic failures leave as <see cref="GatewayException"/>.
/// </summary>
public sealed class AnthropicModelProvider(AnthropicApiClient client, AnthropicAccountSettings account, string modelId) : IModelProvider, IMessagesProvider
{
    /// <summary>What <see cref="UpstreamInfo.Region"/> says for Anthropic, which has no regions: its public prices apply everywhere.</summary>
    public const string Region = "anthropic";

    private const string MessagesPath = "/v1/messages";
    private readonly UpstreamInfo _upstream = new(modelId, Region);

    /// <summary>The model's ID at Anthropic.</summary>
    public string ModelId { get; } = modelId;

    public bool SupportsMessages => true;

    public async Task<ChatResponse> ChatAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        using var body = new PooledBufferWriter();
        ChatRequestWriter.ToMessagesRequest(request, ModelId, stream: false, body);
        byte[] answer;
        try
        {
            answer = await client.PostAsync(account, MessagesPath, body.WrittenMemory, default, cancellationToken).ConfigureAwait(false);
        }
        catch (AnthropicException e)
        {
            throw AnthropicErrorMapper.ToGatewayException(e, ModelId);
        }

        return ChatResponseReader.FromMessage(answer, _upstream);
    }

    public async Task<ChatStream> StartChatStreamAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        using var body = new PooledBufferWriter();
        ChatRequestWriter.ToMessagesRequest(request, ModelId, stream: true, body);
        try
        {
            var response = await client.PostStreamAsync(account, MessagesPath, body.WrittenMemory, default, cancellationToken).ConfigureAwait(false);
            return new AnthropicChatStream(response, _upstream, ModelId);
        }
        catch (AnthropicException e)
        {
            throw AnthropicErrorMapper.ToGatewayException(e, ModelId);
        }
    }

    public Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, CancellationToken cancellationToken) =>
        throw new GatewayException(GatewayError.InvalidRequest(
            $"Anthropic has no embeddings API, so {ModelId} cannot be used for embeddings; use an embedding model of another provider.", "model", "not_supported_for_model"));

    public Task<ImageResponse> GenerateImagesAsync(ImageRequest request, CancellationToken cancellationToken) =>
        throw new GatewayException(GatewayError.InvalidRequest(
            $"Anthropic has no image generation API, so {ModelId} cannot generate images.", "model", "not_supported_for_model"));

    public async Task<MessagesResponse> SendMessagesAsync(MessagesRequest request, CancellationToken cancellationToken)
    {
        using var body = new PooledBufferWriter();
        MessagesBodyWriter.ToAnthropicBody(request.Body, ModelId, stream: false, body);
        byte[] answer;
        try
        {
            answer = await client.PostAsync(account, MessagesPath, body.WrittenMemory, Options(request), cancellationToken).ConfigureAwait(false);
        }
        catch (AnthropicException e)
        {
            throw AnthropicErrorMapper.ToGatewayException(e, ModelId);
        }

        return new MessagesResponse(answer, MessagesUsageCounts.FromMessage(answer), _upstream, MessagesAdjustments.None);
    }

    public async Task<MessagesStream> StartMessagesStreamAsync(MessagesRequest request, CancellationToken cancellationToken)
    {
        using var body = new PooledBufferWriter();
        MessagesBodyWriter.ToAnthropicBody(request.Body, ModelId, stream: true, body);
        try
        {
            var response = await client.PostStreamAsync(account, MessagesPath, body.WrittenMemory, Options(request), cancellationToken).ConfigureAwait(false);
            return new AnthropicMessagesStream(response, _upstream, ModelId);
        }
        catch (AnthropicException e)
        {
            throw AnthropicErrorMapper.ToGatewayException(e, ModelId);
        }
    }

    public async Task<int> CountTokensAsync(MessagesRequest request, CancellationToken cancellationToken)
    {
        using var body = new PooledBufferWriter();
        MessagesBodyWriter.ToCountTokensBody(request.Body, ModelId, body);
        byte[] answer;
        try
        {
            answer = await client.PostAsync(account, MessagesPath + "/count_tokens", body.WrittenMemory, Options(request), cancellationToken).ConfigureAwait(false);
        }
        catch (AnthropicException e)
        {
            throw AnthropicErrorMapper.ToGatewayException(e, ModelId);
        }

        try
        {
            using var doc = JsonDocument.Parse(answer);
            if (doc.RootElement.TryGetProperty("input_tokens", out var tokens) && tokens.TryGetInt32(out var n)) return n;
        }
        catch (JsonException)
        {
        }

        throw new GatewayException(new GatewayError(502, ErrorTypes.Upstream, "invalid_upstream_response",
            $"Anthropic's count_tokens answer for {ModelId} has no input_tokens.", Upstream: AnthropicErrorMapper.Upstream));
    }

    private static AnthropicCallOptions Options(MessagesRequest request) => new(request.AnthropicVersion, request.Betas);
}
