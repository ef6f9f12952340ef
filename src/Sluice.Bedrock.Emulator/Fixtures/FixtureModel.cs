namespace Sluice.Bedrock.Emulator;

/// <summary>A foundation model, the Regions offering it on demand, and its fault/latency knobs.</summary>
public sealed class FixtureModel
{
    /// <summary>Model ID, e.g. anthropic.claude-3-5-sonnet-20240620-v1:0.</summary>
    public string Id { get; set; } = "";

    /// <summary>Regions where the model exists (and, unless profile_only, is callable by plain ID).</summary>
    public List<string> Regions { get; set; } = [];

    /// <summary>True when the plain ID is refused ("on-demand throughput isn’t supported"): only profiles work.</summary>
    public bool ProfileOnly { get; set; }

    /// <summary>True when the model accepts thinking / reasoning configuration.</summary>
    public bool SupportsReasoning { get; set; }

    /// <summary>Wire family; null = derived from the ID prefix (anthropic, nova, llama, titan_embed, cohere_embed, titan_image, nova_canvas, generic).</summary>
    public string? Family { get; set; }

    /// <summary>Overrides whether the model accepts cachePoint blocks; null = as AWS documents it for the model ID.</summary>
    public bool? PromptCaching { get; set; }

    /// <summary>
    /// Overrides the fewest input tokens (words) a cache checkpoint must cover to be cached; null = the model's
    /// documented minimum (1,024 for most Claude models, 1,000 for Nova).
    /// </summary>
    public int? CacheMinTokens { get; set; }

    /// <summary>
    /// The <c>anthropic_beta</c> values InvokeModel accepts for this Claude model; null = as AWS documents them for the
    /// model ID. Any other value is refused with 400 "invalid beta flag", as Bedrock does.
    /// </summary>
    public List<string>? AnthropicBetas { get; set; }

    /// <summary>Latency and fault injection.</summary>
    public ModelKnobs Knobs { get; set; } = new();

    internal ModelFamily ResolvedFamily => ModelFamilies.Resolve(Family, Id);

    internal CacheFacts Cache => CacheFacts.For(this);

    internal IReadOnlyCollection<string> Betas => AnthropicBetas ?? AnthropicFacts.BetasFor(Id);
}
