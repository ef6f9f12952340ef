namespace Sluice.Core.Embeddings;

/// <summary>An embeddings request in neutral form.</summary>
public sealed class EmbeddingRequest
{
    public required string Model { get; init; }
    public required List<string> Inputs { get; init; }
    public int? Dimensions { get; init; }
    /// <summary>OpenAI's <c>input_type</c> extension, passed to models that distinguish queries from documents.</summary>
    public string? InputType { get; init; }
    public string? User { get; init; }
}
