using Sluice.Bedrock.Catalogue;
using Sluice.Bedrock.Invoke;
using Sluice.Bedrock.Runtime;
using Sluice.Core.Chat;
using Sluice.Core.Embeddings;
using Sluice.Core.Errors;
using Sluice.Core.Images;
using Sluice.Core.Buffers;

namespace Sluice.Bedrock.Provider;

/// <summary>Embedding and image calls through InvokeModel, one native body family at a time.</summary>
internal static class BedrockInvokeCalls
{
    /// <summary>Titan takes one text per call; this many run at once so a batch does not take N round trips.</summary>
    private const int TitanParallelism = 4;

    public static async Task<EmbeddingResponse> EmbedAsync(BedrockRuntimeClient runtime, BedrockTarget target, BedrockModelInfo model,
        EmbeddingRequest request, CancellationToken ct)
    {
        if (request.Inputs.Count == 0)
        {
            throw new GatewayException(GatewayError.InvalidRequest("input must not be empty.", "input"));
        }

        switch (model.Family)
        {
            case BedrockInvokeFamily.TitanEmbedV1 or BedrockInvokeFamily.TitanEmbedV2:
                return await TitanAsync(runtime, target, model, request, ct).ConfigureAwait(false);
            case BedrockInvokeFamily.CohereEmbedV3:
                return await CohereAsync(runtime, target, model, request, ct).ConfigureAwait(false);
            case BedrockInvokeFamily.Unsupported:
                throw new GatewayException(GatewayError.InvalidRequest($"Sluice cannot call {model.ModelId} yet: it does not write that model's request body.", "model"));
            default:
                throw new GatewayException(GatewayError.InvalidRequest($"Model {model.ModelId} is not an embedding model.", "model"));
        }
    }

    public static async Task<ImageResponse> GenerateImagesAsync(BedrockRuntimeClient runtime, BedrockTarget target, BedrockModelInfo model,
        ImageRequest request, CancellationToken ct)
    {
        using var body = new PooledBufferWriter();
        if (model.Family == BedrockInvokeFamily.AmazonImage)
        {
            AmazonImageMapper.ToTextImageRequest(request, model.ModelId, body);
            var response = await runtime.InvokeModelAsync(target, body.WrittenMemory, ct).ConfigureAwait(false);
            return new ImageResponse { ImagesBase64 = AmazonImageMapper.FromTextImageResponse(response.Body), Upstream = new UpstreamInfo(target.ModelId, response.Region, model.Price) };
        }

        if (model.Family == BedrockInvokeFamily.Unsupported)
        {
            throw new GatewayException(GatewayError.InvalidRequest($"Sluice cannot call {model.ModelId} yet: it does not write that model's request body.", "model"));
        }

        if (model.Family != BedrockInvokeFamily.StabilityImage)
        {
            throw new GatewayException(GatewayError.InvalidRequest($"Model {model.ModelId} is not an image model.", "model"));
        }

        // Stability models return one image per call.
        StabilityImageMapper.ToStabilityRequest(request, model.ModelId, body);
        var images = new List<string>(request.Count);
        var region = target.Region;
        for (var i = 0; i < request.Count; i++)
        {
            var response = await runtime.InvokeModelAsync(target, body.WrittenMemory, ct).ConfigureAwait(false);
            images.AddRange(StabilityImageMapper.FromStabilityResponse(response.Body));
            region = response.Region;
        }

        return new ImageResponse { ImagesBase64 = images, Upstream = new UpstreamInfo(target.ModelId, region, model.Price) };
    }

    private static async Task<EmbeddingResponse> TitanAsync(BedrockRuntimeClient runtime, BedrockTarget target, BedrockModelInfo model,
        EmbeddingRequest request, CancellationToken ct)
    {
        var v2 = model.Family == BedrockInvokeFamily.TitanEmbedV2;
        TitanEmbeddingMapper.ValidateDimensions(request.Dimensions, v2, model.ModelId);
        var vectors = new float[request.Inputs.Count][];
        var tokens = new int[request.Inputs.Count];
        var region = target.Region;
        var options = new ParallelOptions { MaxDegreeOfParallelism = TitanParallelism, CancellationToken = ct };
        await Parallel.ForAsync(0, request.Inputs.Count, options, async (i, token) =>
        {
            using var body = new PooledBufferWriter(1024);
            TitanEmbeddingMapper.ToTitanEmbedRequest(request.Inputs[i], request.Dimensions, v2, body);
            var response = await runtime.InvokeModelAsync(target, body.WrittenMemory, token).ConfigureAwait(false);
            var embedding = TitanEmbeddingMapper.FromTitanEmbedResponse(response.Body);
            vectors[i] = embedding.Vector;
            tokens[i] = embedding.InputTokens;
            region = response.Region;
        }).ConfigureAwait(false);

        var total = 0;
        foreach (var t in tokens)
        {
            total += t;
        }

        return new EmbeddingResponse { Vectors = [.. vectors], PromptTokens = total, Upstream = new UpstreamInfo(target.ModelId, region, model.Price) };
    }

    private static async Task<EmbeddingResponse> CohereAsync(BedrockRuntimeClient runtime, BedrockTarget target, BedrockModelInfo model,
        EmbeddingRequest request, CancellationToken ct)
    {
        CohereEmbeddingMapper.Validate(request.InputType, request.Dimensions, model.ModelId);
        var vectors = new List<float[]>(request.Inputs.Count);
        var tokens = 0;
        var region = target.Region;
        using var body = new PooledBufferWriter();
        for (var start = 0; start < request.Inputs.Count; start += CohereEmbeddingMapper.MaxTexts)
        {
            body.Clear();
            var count = Math.Min(CohereEmbeddingMapper.MaxTexts, request.Inputs.Count - start);
            CohereEmbeddingMapper.ToCohereEmbedRequest(request.Inputs, start, count, request.InputType, body);
            var response = await runtime.InvokeModelAsync(target, body.WrittenMemory, ct).ConfigureAwait(false);
            CohereEmbeddingMapper.FromCohereEmbedResponse(response.Body, vectors);
            tokens += InputTokenHeader(response);
            region = response.Region;
        }

        if (vectors.Count != request.Inputs.Count)
        {
            throw new GatewayException(new GatewayError(502, ErrorTypes.Upstream, "invalid_upstream_response",
                $"Bedrock returned {vectors.Count} embeddings for {request.Inputs.Count} inputs."));
        }

        return new EmbeddingResponse { Vectors = vectors, PromptTokens = tokens, Upstream = new UpstreamInfo(target.ModelId, region, model.Price) };
    }

    /// <summary>Cohere's body carries no token count; Bedrock reports it in a response header.</summary>
    private static int InputTokenHeader(BedrockResponse response)
    {
        foreach (var (name, value) in response.Headers)
        {
            if (string.Equals(name, "X-Amzn-Bedrock-Input-Token-Count", StringComparison.OrdinalIgnoreCase) && int.TryParse(value, out var n))
            {
                return n;
            }
        }

        return 0;
    }
}
