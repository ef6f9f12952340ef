using System.Text.Json.Nodes;
using Sluice.Core.Chat;
using Sluice.Core.Embeddings;
using Sluice.Core.Messages;

namespace Sluice.Core.Routing;

/// <summary>
/// A target's <c>override_params</c>: request fields forced on its upstream calls. The caller's request is never
/// changed; a copy is sent (only to targets that have overrides).
/// </summary>
/// <param name="Stop">Chat's <c>stop</c> and Anthropic's <c>stop_sequences</c> (either key sets it).</param>
/// <param name="TopK">Anthropic Messages only (<c>top_k</c>); chat has no such field.</param>
public sealed record RequestOverrides(float? Temperature = null, float? TopP = null, int? MaxTokens = null, List<string>? Stop = null, int? Dimensions = null,
    int? TopK = null)
{
    /// <summary>The <c>override_params</c> keys Sluice can force.</summary>
    public static readonly IReadOnlyList<string> Keys = ["temperature", "top_p", "max_tokens", "stop", "stop_sequences", "top_k", "dimensions"];

    /// <summary>
    /// The Messages request with the Anthropic fields forced (<c>max_tokens</c>, <c>temperature</c>, <c>top_p</c>,
    /// <c>top_k</c>, <c>stop_sequences</c>) on a copy of the body; the caller's request itself when none applies.
    /// </summary>
    public MessagesRequest Apply(MessagesRequest r)
    {
        if (Temperature is null && TopP is null && MaxTokens is null && Stop is null && TopK is null) return r;
        var body = (JsonObject)r.Body.DeepClone();
        if (MaxTokens is { } max) body["max_tokens"] = max;
        if (Temperature is { } t) body["temperature"] = t;
        if (TopP is { } p) body["top_p"] = p;
        if (TopK is { } k) body["top_k"] = k;
        if (Stop is { } stop)
        {
            var list = new JsonArray();
            foreach (var s in stop) list.Add(s);
            body["stop_sequences"] = list;
        }

        return r with { Body = body };
    }

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
            Passthrough = r.Passthrough is { } p ? p with { Overrides = this } : null,
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
