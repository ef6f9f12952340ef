namespace Sluice.Gateway.Manifests;

/// <summary>One model of an account (<c>integrations[]</c>), called as <c>account/name</c>.</summary>
[TrueFoundryKeys("description", "hosted_model_name", "url", "model_server", "auth_data")]
public sealed record IntegrationDocument(string Name)
{
    public string Type { get; init; } = ManifestTypes.BedrockModel;

    public string ModelId { get; init; } = "";

    public string? Region { get; init; }

    public IReadOnlyList<string> ModelTypes { get; init; } = ["chat"];

    public ModelCost? Cost { get; init; }

    public IReadOnlyList<string>? AuthorizedSubjects { get; init; }

    /// <summary>
    /// <c>drop_params</c>: request parameters the model cannot honour are dropped (and reported in
    /// <c>x-sluice-dropped-params</c>) instead of refused with a 400.
    /// </summary>
    public bool DropParams { get; init; }

    /// <summary>
    /// <c>prompt_caching</c>: <c>explicit</c> (the default: cache points only where callers put
    /// <c>cache_control</c>), <c>auto</c> (also after the tools, the system prompt and the latest turn) or <c>off</c>.
    /// Null when the manifest does not say. Models that cannot cache never get cache points, whatever this says.
    /// </summary>
    public string? PromptCaching { get; init; }

    /// <summary>
    /// <c>aliases</c>: other names callers may use for this model (e.g. Anthropic's <c>claude-sonnet-4-5-20250929</c>),
    /// exact or with <c>*</c> wildcards; null when the manifest lists none.
    /// </summary>
    public IReadOnlyList<string>? Aliases { get; init; }
}
