using Sluice.Core.Chat;

namespace Sluice.Core.Embeddings;

/// <summary>One vector per input, in input order.</summary>
public sealed class EmbeddingResponse
{
    public required List<float[]> Vectors { get; init; }
    public required int PromptTokens { get; init; }
    public required UpstreamInfo Upstream { get; init; }
}
