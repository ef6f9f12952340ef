using Sluice.Bedrock.Catalogue;
using Sluice.Bedrock.ControlPlane;
using Sluice.Bedrock.Converse;
using Sluice.Bedrock.Errors;
using Sluice.Bedrock.Models;
using Sluice.Bedrock.Runtime;
using Sluice.Core.Chat;
using Sluice.Core.Embeddings;
using Sluice.Core.Errors;
using Sluice.Core.Images;
using Sluice.Core.Providers;
using Sluice.Core.Buffers;

namespace Sluice.Bedrock.Provider;

/// <summary>
/// One configured Bedrock model: chat through Converse/ConverseStream, embeddings and images through InvokeModel.
/// A thin call between the mappers and the runtime client; Bedrock failures leave as <see cref="GatewayException"/>.
/// </summary>
public sealed partial class BedrockModelProvider : IModelProvider
{
    /// <summary>How long a failed profile lookup is remembered before it is tried again.</summary>
    private static readonly TimeSpan ProfileRetryDelay = TimeSpan.FromMinutes(5);

    private readonly BedrockRuntimeClient _runtime;
    private readonly InferenceProfileResolver _profiles;
    private readonly BedrockModelIdentifier? _identifier;
    private ModelLookup? _lookup;

    public BedrockModelProvider(BedrockRuntimeClient runtime, InferenceProfileResolver profiles, BedrockTarget target, BedrockModelInfo? model)
    {
        _runtime = runtime;
        _profiles = profiles;
        Target = target;
        _identifier = BedrockModelIdentifier.TryParse(target.ModelId, out var id) ? id : null;
        if (model is not null)
        {
            _lookup = new ModelLookup(model, null, DateTimeOffset.MaxValue);
        }
    }

    /// <summary>What this provider calls.</summary>
    public BedrockTarget Target { get; }

    /// <summary>The model's <c>prompt_caching</c> setting.</summary>
    public PromptCachingMode PromptCaching { get; init; }

    /// <summary>The catalogue entry known without a control-plane call (null for application profiles and unknown models).</summary>
    public BedrockModelInfo? Model => _lookup?.Model;

    /// <summary>True when the target is an inference profile (system or application), so it may be served elsewhere.</summary>
    private bool IsProfile => _identifier?.Kind is BedrockModelKind.SystemInferenceProfile or BedrockModelKind.InferenceProfileArn
        or BedrockModelKind.ApplicationInferenceProfileArn;

    /// <summary>
    /// The catalogue entry behind the target. Application inference profiles name no model, so the control plane is
    /// asked once (then cached) which model they route to; that is what gives them capabilities and a price.
    /// </summary>
    public async Task<BedrockModelInfo?> GetModelInfoAsync(CancellationToken cancellationToken)
    {
        var lookup = _lookup;
        if (lookup is not null && (lookup.Model is not null || DateTimeOffset.UtcNow < lookup.RetryAt))
        {
            return lookup.Model;
        }

        if (_identifier?.Kind is not (BedrockModelKind.ApplicationInferenceProfileArn or BedrockModelKind.InferenceProfileArn or BedrockModelKind.SystemInferenceProfile))
        {
            _lookup = new ModelLookup(null, null, DateTimeOffset.MaxValue);
            return null;
        }

        try
        {
            var profile = await _profiles.GetAsync(Target, cancellationToken).ConfigureAwait(false);
            var model = profile.BaseModelId is null ? null : BedrockCatalogue.Find(profile.BaseModelId);
            var pricedAs = model is null || _identifier?.Kind != BedrockModelKind.ApplicationInferenceProfileArn
                ? null
                : BedrockCatalogue.CallIdServedIn(model, profile.Regions, Target.Region);
            _lookup = new ModelLookup(model, profile, model is null ? DateTimeOffset.UtcNow + ProfileRetryDelay : DateTimeOffset.MaxValue)
            {
                PricedAs = pricedAs,
            };
            return model;
        }
        catch (BedrockException)
        {
            // Without GetInferenceProfile permission the model still works; it is just called without capability checks.
            _lookup = new ModelLookup(null, null, DateTimeOffset.UtcNow + ProfileRetryDelay);
            return null;
        }
    }

    public async Task<ChatResponse> ChatAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        var model = await GetModelInfoAsync(cancellationToken).ConfigureAwait(false);
        RequireType(model, ModelType.Chat, "chat completions");
        using var body = new PooledBufferWriter();
        ConverseRequestWriter.Write(request, OptionsFor(model), body);
        BedrockResponse response;
        try
        {
            response = await _runtime.ConverseAsync(Target, body.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }
        catch (BedrockException e)
        {
            throw BedrockErrorMapper.ToGatewayException(e, Context(request.Model, model, streaming: false));
        }

        return ConverseResponseReader.Read(response.Body, new UpstreamInfo(Target.ModelId, response.Region, model?.Price, _lookup?.PricedAs));
    }

    public async Task<ChatStream> StartChatStreamAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        var model = await GetModelInfoAsync(cancellationToken).ConfigureAwait(false);
        RequireType(model, ModelType.Chat, "chat completions");
        if (model is { Capabilities.Streaming: false })
        {
            throw new GatewayException(GatewayError.InvalidRequest($"Model {model.ModelId} does not support streaming; set stream to false.", "stream"));
        }

        using var body = new PooledBufferWriter();
        ConverseRequestWriter.Write(request, OptionsFor(model), body);
        var context = Context(request.Model, model, streaming: true);
        try
        {
            var stream = await _runtime.ConverseStreamAsync(Target, body.WrittenMemory, cancellationToken).ConfigureAwait(false);
            return new BedrockChatStream(stream, new UpstreamInfo(Target.ModelId, stream.Region, model?.Price, _lookup?.PricedAs), context);
        }
        catch (BedrockException e)
        {
            throw BedrockErrorMapper.ToGatewayException(e, context);
        }
    }

    public async Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, CancellationToken cancellationToken)
    {
        var model = await GetModelInfoAsync(cancellationToken).ConfigureAwait(false);
        RequireType(model, ModelType.Embedding, "embeddings");
        var context = Context(request.Model, model, streaming: false);
        try
        {
            return await BedrockInvokeCalls.EmbedAsync(_runtime, Target, model!, request, cancellationToken).ConfigureAwait(false);
        }
        catch (BedrockException e)
        {
            throw BedrockErrorMapper.ToGatewayException(e, context);
        }
    }

    public async Task<ImageResponse> GenerateImagesAsync(ImageRequest request, CancellationToken cancellationToken)
    {
        var model = await GetModelInfoAsync(cancellationToken).ConfigureAwait(false);
        RequireType(model, ModelType.Image, "image generation");
        var context = Context(request.Model, model, streaming: false);
        try
        {
            return await BedrockInvokeCalls.GenerateImagesAsync(_runtime, Target, model!, request, cancellationToken).ConfigureAwait(false);
        }
        catch (BedrockException e)
        {
            throw BedrockErrorMapper.ToGatewayException(e, context);
        }
    }

    private ConverseOptions OptionsFor(BedrockModelInfo? model) =>
        model is null
            ? ConverseOptions.Permissive(Target.ModelId, PromptCaching)
            : new ConverseOptions(Target.ModelId, model.Capabilities) { PromptCaching = PromptCaching };

    private BedrockErrorContext Context(string requestedModel, BedrockModelInfo? model, bool streaming) =>
        new(Target.ModelId, Target.Region, requestedModel, IsProfile ? Target.ModelId : null,
            model?.ModelId ?? _lookup?.Profile?.BaseModelId ?? _identifier?.BaseModelId, streaming);

    /// <summary>
    /// Embeddings and images need a known native body, so unknown models are refused for them; chat goes through
    /// Converse, which any chat model speaks, so unknown models are let through for chat.
    /// </summary>
    private void RequireType(BedrockModelInfo? model, ModelType type, string operation)
    {
        if (model is null)
        {
            if (type == ModelType.Chat)
            {
                return;
            }

            throw new GatewayException(GatewayError.InvalidRequest(
                $"Sluice does not know which request body {Target.ModelId} takes for {operation}; only catalogue embedding and image models can be used for it.", "model"));
        }

        if ((model.Types & type) == 0)
        {
            throw new GatewayException(GatewayError.InvalidRequest($"Model {model.ModelId} cannot be used for {operation}.", "model"));
        }
    }

    private sealed record ModelLookup(BedrockModelInfo? Model, InferenceProfileInfo? Profile, DateTimeOffset RetryAt)
    {
        /// <summary>For an application profile: the model or system-profile ID it copies, whose scope prices its calls.</summary>
        public string? PricedAs { get; init; }
    }
}
