using System.Text.Json.Nodes;

namespace Sluice.Gateway.Manifests;

/// <summary>One <c>load_balance_targets</c> entry; null fields take TrueFoundry's defaults.</summary>
public sealed record LoadBalanceTargetDocument(string Target)
{
    public int? Weight { get; init; }

    public int? Priority { get; init; }

    public SlaCutoffDocument? SlaCutoff { get; init; }

    public RetryConfigDocument? RetryConfig { get; init; }

    public IReadOnlyList<string>? FallbackStatusCodes { get; init; }

    public bool? FallbackCandidate { get; init; }

    public IReadOnlyDictionary<string, JsonNode?>? OverrideParams { get; init; }

    public HeadersOverrideDocument? HeadersOverride { get; init; }

    public IReadOnlyDictionary<string, string>? MetadataMatch { get; init; }
}
