using System.Text.Json;
using Sluice.Bedrock.Catalogue;
using Sluice.Bedrock.Errors;
using Sluice.Bedrock.Messages;
using Sluice.Bedrock.Models;
using Sluice.Bedrock.Runtime;
using Sluice.Core.Chat;
using Sluice.Core.Errors;
using Sluice.Core.Messages;
using Sluice.Core.Buffers;

namespace Sluice.Bedrock.Provider;

/// <summary>
/// The Anthropic Messages side of a Bedrock model: Claude takes the caller's body natively through InvokeModel /
/// InvokeModelWithResponseStream, so nothing is lost to translation.
/// </summary>
public sealed partial class BedrockModelProvider : IMessagesProvider
{
    /// <summary>
    /// True for Claude models: catalogue models with Messages support, and unknown IDs naming an Anthropic model. An
    /// application profile is known only once looked up (the first call resolves it); until then it is reached through Converse.
    /// </summary>
    public bool SupportsMessages => MessagesSupportFor(Model) is not null;

    public async Task<MessagesResponse> SendMessagesAsync(MessagesRequest request, CancellationToken cancellationToken)
    {
        var model = await GetModelInfoAsync(cancellationToken).ConfigureAwait(false);
        var support = RequireMessages(model);
        using var body = new PooledBufferWriter();
        var adjustments = MessagesRequestWriter.ToInvokeModelBody(request, support, model?.ModelId ?? Target.ModelId, body);
        BedrockResponse response;
        try
        {
            response = await _runtime.InvokeModelAsync(Target, body.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }
        catch (BedrockException e)
        {
            throw BedrockErrorMapper.ToGatewayException(e, Context(RequestedModel(request), model, streaming: false));
        }

        return new MessagesResponse(response.Body, MessagesUsageCounts.FromMessage(response.Body),
            new UpstreamInfo(Target.ModelId, response.Region, model?.Price, _lookup?.PricedAs), adjustments);
    }

    public async Task<MessagesStream> StartMessagesStreamAsync(MessagesRequest request, CancellationToken cancellationToken)
    {
        var model = await GetModelInfoAsync(cancellationToken).ConfigureAwait(false);
        var support = RequireMessages(model);
        using var body = new PooledBufferWriter();
        var adjustments = MessagesRequestWriter.ToInvokeModelBody(request, support, model?.ModelId ?? Target.ModelId, body);
        var context = Context(RequestedModel(request), model, streaming: true);
        try
        {
            var stream = await _runtime.InvokeModelWithResponseStreamAsync(Target, body.WrittenMemory, cancellationToken).ConfigureAwait(false);
            return new BedrockMessagesStream(stream, new UpstreamInfo(Target.ModelId, stream.Region, model?.Price, _lookup?.PricedAs), adjustments, context);
        }
        catch (BedrockException e)
        {
            throw BedrockErrorMapper.ToGatewayException(e, context);
        }
    }

    public async Task<int> CountTokensAsync(MessagesRequest request, CancellationToken cancellationToken)
    {
        var model = await GetModelInfoAsync(cancellationToken).ConfigureAwait(false);
        var support = RequireMessages(model);
        var modelId = model?.ModelId ?? Target.ModelId;
        if (!support.CountTokens)
        {
            throw new GatewayException(GatewayError.InvalidRequest(
                $"count_tokens is not available for {modelId} on Bedrock: Bedrock's CountTokens operation does not serve this model.", "model", "count_tokens_unsupported"));
        }

        using var invokeBody = new PooledBufferWriter();
        MessagesRequestWriter.ToInvokeModelBody(request, support, modelId, invokeBody, forCount: true);
        using var countBody = new PooledBufferWriter();
        using (var writer = new Utf8JsonWriter(countBody))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("input");
            writer.WriteStartObject("invokeModel");
            writer.WriteBase64String("body", invokeBody.WrittenMemory.Span);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        // CountTokens takes foundation model IDs only (profiles are refused), in any region that offers the model.
        var target = model is not null && IsProfile ? Target with { ModelId = model.ModelId, Region = CountRegion() } : Target;
        try
        {
            return await _runtime.CountTokensAsync(target, countBody.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }
        catch (BedrockException e)
        {
            throw BedrockErrorMapper.ToGatewayException(e, Context(RequestedModel(request), model, streaming: false));
        }
    }

    private BedrockMessagesSupport? MessagesSupportFor(BedrockModelInfo? model)
    {
        if (model is not null)
        {
            return model.Messages;
        }

        var baseId = _lookup?.Profile?.BaseModelId ?? _identifier?.BaseModelId;
        return baseId is not null && baseId.StartsWith("anthropic.", StringComparison.Ordinal) ? BedrockMessagesSupport.UnknownClaude : null;
    }

    private BedrockMessagesSupport RequireMessages(BedrockModelInfo? model) =>
        MessagesSupportFor(model) ?? throw new GatewayException(GatewayError.InvalidRequest(
            $"Model {model?.ModelId ?? Target.ModelId} does not take Anthropic Messages bodies on Bedrock; only Claude models do.", "model"));

    /// <summary>An ARN names its own region; otherwise the target's.</summary>
    private string CountRegion() => _identifier?.Region ?? Target.Region;

    private static string RequestedModel(MessagesRequest request) =>
        request.Body["model"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}
