using Sluice.Core.Pricing;
using Sluice.Core.Providers;

namespace Sluice.Bedrock.Catalogue;

/// <summary>One model of the built-in Bedrock catalogue.</summary>
/// <param name="ModelId">The foundation model ID, e.g. <c>anthropic.claude-3-7-sonnet-20250219-v1:0</c>.</param>
/// <param name="OnDemandRegions">Regions where the plain model ID can be called.</param>
/// <param name="ProfileOnlyRegions">Regions that serve the model only through an inference profile.</param>
/// <param name="GeoProfiles">The geo prefixes of the system inference profiles that exist (<c>us</c>, <c>eu</c>, <c>global</c>...).</param>
public sealed record BedrockModelInfo(
    string ModelId,
    string DisplayName,
    string Provider,
    ModelType Types,
    ModelPrice Price,
    BedrockCapabilities Capabilities,
    BedrockInvokeFamily Family,
    IReadOnlyList<string> OnDemandRegions,
    IReadOnlyList<string> ProfileOnlyRegions,
    IReadOnlyList<string> GeoProfiles)
{
    /// <summary>True when, in <paramref name="region"/>, the plain model ID fails and a profile must be used.</summary>
    public bool IsProfileOnlyIn(string region)
    {
        for (var i = 0; i < ProfileOnlyRegions.Count; i++)
        {
            if (string.Equals(ProfileOnlyRegions[i], region, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when a system profile <c>{geo}.{ModelId}</c> exists.</summary>
    public bool HasGeoProfile(string geo)
    {
        for (var i = 0; i < GeoProfiles.Count; i++)
        {
            if (string.Equals(GeoProfiles[i], geo, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
