using Sluice.Core.Pricing;
using Sluice.Core.Providers;

namespace Sluice.Bedrock.Catalogue;

/// <summary>One model of the built-in Bedrock catalogue.</summary>
/// <param name="ModelId">The foundation model ID, e.g. <c>anthropic.claude-3-7-sonnet-20250219-v1:0</c>.</param>
/// <param name="Price">Public prices by scope; null when no source gives one (calls are recorded with cost unknown).</param>
/// <param name="OnDemandRegions">Regions where the plain model ID can be called.</param>
/// <param name="ProfileOnlyRegions">Regions that serve the model only through an inference profile.</param>
/// <param name="GeoProfiles">The geo prefixes of the system inference profiles that exist (<c>us</c>, <c>eu</c>, <c>global</c>...).</param>
public sealed record BedrockModelInfo(
    string ModelId,
    string DisplayName,
    string Provider,
    ModelType Types,
    ModelPricing? Price,
    BedrockCapabilities Capabilities,
    BedrockInvokeFamily Family,
    IReadOnlyList<string> OnDemandRegions,
    IReadOnlyList<string> ProfileOnlyRegions,
    IReadOnlyList<string> GeoProfiles)
{
    /// <summary>Retired or legacy per AWS; kept so old IDs still resolve.</summary>
    public bool Legacy { get; init; }

    public int? ContextWindow { get; init; }

    public int? MaxOutput { get; init; }

    /// <summary>The system inference profiles with their source and destination regions.</summary>
    public IReadOnlyList<BedrockProfile> Profiles { get; init; } = [];

    /// <summary>IDs of the catalogue sources this entry was read from.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>Where sources disagreed, which was chosen and why.</summary>
    public string Notes { get; init; } = "";

    /// <summary>
    /// For Claude models: the native Anthropic Messages body through InvokeModel (betas accepted, CountTokens); null
    /// for models that only speak Converse.
    /// </summary>
    public BedrockMessagesSupport? Messages { get; init; }

    /// <summary>True when, in <paramref name="region"/>, the plain model ID fails and a profile must be used.</summary>
    public bool IsProfileOnlyIn(string region) => Contains(ProfileOnlyRegions, region);

    /// <summary>True when a system profile <c>{geo}.{ModelId}</c> exists.</summary>
    public bool HasGeoProfile(string geo) => Contains(GeoProfiles, geo);

    /// <summary>True when the profile <c>{geo}.{ModelId}</c> exists and can be called from <paramref name="region"/>.</summary>
    public bool HasProfileFrom(string geo, string region)
    {
        foreach (var p in Profiles)
        {
            if (p.Prefix == geo && Contains(p.SourceRegions, region))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The ID to call the model by from <paramref name="region"/>: the plain ID where it is on demand, else the
    /// region's own geographic profile, else <c>global.</c>; null when the region does not offer the model.
    /// </summary>
    public string? CallIdIn(string region)
    {
        if (Contains(OnDemandRegions, region))
        {
            return ModelId;
        }

        foreach (var geo in GeoPrefixes.ForRegion(region))
        {
            if (HasProfileFrom(geo, region))
            {
                return geo + "." + ModelId;
            }
        }

        return null;
    }

    /// <summary>Where the model can be called from, for a warning: its on-demand regions and its profiles' source regions.</summary>
    public string ServedBy()
    {
        var parts = new List<string>();
        if (OnDemandRegions.Count > 0)
        {
            parts.Add(ModelId + " in " + string.Join(", ", OnDemandRegions));
        }

        foreach (var p in Profiles)
        {
            parts.Add(p.Prefix + "." + ModelId + " from " + string.Join(", ", p.SourceRegions));
        }

        return parts.Count == 0 ? "no region the catalogue knows" : string.Join("; ", parts);
    }

    private static bool Contains(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
