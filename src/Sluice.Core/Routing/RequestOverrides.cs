using Sluice.Core.Chat;
using Sluice.Core.Embeddings;

namespace Sluice.Core.Routing;

/// <summary>
/// A target's <c>override_params</c>: request fields forced on its upstream calls. The caller's request is never
/// changed; a copy is sent (only to targets that have overrides).
/// </summary>
public sealed record RequestOverrides(float? Temperature = null, float? TopP = null, int? MaxTokens = null, List<string>? Stop = null, int? Dimensions = null)
{
    /// <summary>The <c>override_params</c> keys Sluice can force.</summary>
    public static readonly IReadOnlyList<string> Keys = ["temperature", "top_p", "max_tokens", "stop", "dimensions"];

    public ChatRequest Apply(ChatRequest r)
    {
        var copy = new ChatRequest
        {
            Model = r.Model,
            Messages = r.Messages,
            MaxTokens = MaxTokens ?? r.MaxTokens,
            Temperature = Temperature ?? r.Temperature,
            TopP = TopP ?? r.TopP,
            Stop = Stop ?? r.Stop,
            Tools = r.Tools,
            ToolChoice = r.ToolChoice,
            ParallelToolCalls = r.ParallelToolCalls,
            ResponseFormat = r.ResponseFormat,
            ReasoningEffort = r.ReasoningEffort,
            Stream = r.Stream,
            IncludeUsage = r.IncludeUsage,
            User = r.User,
            Metadata = r.Metadata,
            DropUnsupported = r.DropUnsupported,
        };
        return copy;
    }

    public EmbeddingRequest Apply(EmbeddingRequest r) => Dimensions is null ? r : new EmbeddingRequest
    {
        Model = r.Model,
        Inputs = r.Inputs,
        Dimensions = Dimensions,
        InputType = r.InputType,
        User = r.User,
    };

    /// <summary>Reports what the provider dropped from <paramref name="sent"/> on the caller's request.</summary>
    public static void CopyDrops(ChatRequest sent, ChatRequest original)
    {
        if (ReferenceEquals(sent, original) || sent.DroppedParameters is not { } dropped) return;
        foreach (var p in dropped) original.Drop(p);
    }
}
