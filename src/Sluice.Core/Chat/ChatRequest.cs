namespace Sluice.Core.Chat;

/// <summary>A chat request in the gateway's neutral form, already validated.</summary>
public sealed class ChatRequest
{
    /// <summary>The model name as the caller wrote it (<c>account/model</c>).</summary>
    public required string Model { get; init; }

    public required List<ChatMessage> Messages { get; init; }

    public int? MaxTokens { get; init; }
    public float? Temperature { get; init; }
    public float? TopP { get; init; }
    public List<string>? Stop { get; init; }
    public List<ToolDefinition>? Tools { get; init; }
    public ToolChoice? ToolChoice { get; init; }
    public bool? ParallelToolCalls { get; init; }
    public ResponseFormat? ResponseFormat { get; init; }

    /// <summary><c>low</c>, <c>medium</c> or <c>high</c>; null when the caller asked for no reasoning.</summary>
    public string? ReasoningEffort { get; init; }

    public bool Stream { get; init; }

    /// <summary><c>stream_options.include_usage</c>.</summary>
    public bool IncludeUsage { get; init; }

    public string? User { get; init; }
    public Dictionary<string, string>? Metadata { get; init; }

    /// <summary>The caller's OpenAI body for providers that take it as is; null for every other request.</summary>
    public ChatPassthrough? Passthrough { get; set; }

    /// <summary>
    /// When true, a provider drops a parameter the model cannot honour (recording it with <see cref="Drop"/>)
    /// instead of refusing the request. Set by the gateway once the model, and so its <c>drop_params</c>, is known.
    /// </summary>
    public bool DropUnsupported { get; set; }

    /// <summary>The parameters dropped from this request, in the order dropped; null when nothing was.</summary>
    public List<string>? DroppedParameters { get; private set; }

    /// <summary>Records that <paramref name="parameter"/> (its OpenAI name) was not sent upstream.</summary>
    public void Drop(string parameter)
    {
        // Created on the first drop only: requests that drop nothing allocate nothing.
        DroppedParameters ??= [];
        if (!DroppedParameters.Contains(parameter)) DroppedParameters.Add(parameter);
    }
}
