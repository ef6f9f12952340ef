using System.Collections.Frozen;
using System.Text;

namespace Sluice.Bedrock.Catalogue;

/// <summary>The built-in catalogue of Bedrock models: prices, capabilities, and which IDs work in which region.</summary>
public static class BedrockCatalogue
{
    private static readonly CatalogueFile File = BedrockCatalogueLoader.ReadFile();

    private static readonly BedrockModelInfo[] Models = BedrockCatalogueLoader.Load(File);

    private static readonly FrozenDictionary<string, BedrockModelInfo> ById = BuildIndex();

    /// <summary>Every model, sorted by ID.</summary>
    public static IReadOnlyList<BedrockModelInfo> All => Models;

    /// <summary>The date the catalogue's sources were read.</summary>
    public static string Generated => File.Generated;

    /// <summary>The catalogue's sources, each with its ID, title, address and retrieval date.</summary>
    public static IReadOnlyList<(string Id, string? Title, string? Url, string? Retrieved)> Sources { get; } =
        File.Sources.ConvertAll(s => (s.Id, s.Title, s.Url, s.Retrieved));

    /// <summary>
    /// Finds a model by foundation model ID, system profile ID (<c>us.</c>, <c>us-gov.</c>, <c>global.</c>...),
    /// foundation-model ARN or system-profile ARN. Null for unknown models and for application-profile ARNs,
    /// whose model only the control plane can tell.
    /// </summary>
    public static BedrockModelInfo? Find(string modelIdOrProfileId)
    {
        var id = BaseModelId(modelIdOrProfileId);
        return id is not null && ById.TryGetValue(id, out var info) ? info : null;
    }

    /// <summary>
    /// The foundation model ID behind an ID, profile ID or ARN, without a geo prefix; null for ARNs whose model
    /// cannot be read from the ARN (application profiles, provisioned models...).
    /// </summary>
    public static string? BaseModelId(string modelIdOrProfileId)
    {
        var id = modelIdOrProfileId.Trim();
        if (id.StartsWith("arn:", StringComparison.Ordinal))
        {
            var slash = id.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                return null;
            }

            var resourceType = id.AsSpan(id.LastIndexOf(':', slash) + 1, slash - id.LastIndexOf(':', slash) - 1);
            if (!resourceType.SequenceEqual("foundation-model") && !resourceType.SequenceEqual("inference-profile"))
            {
                return null;
            }

            id = id[(slash + 1)..];
        }

        return GeoPrefixes.TryStrip(id, out _, out var baseId) ? baseId : id;
    }

    /// <summary>
    /// Profile IDs a caller in <paramref name="region"/> can use for <paramref name="modelId"/>, best first.
    /// For a model the catalogue knows, only profiles that exist; otherwise the region's own geo.
    /// </summary>
    public static IReadOnlyList<string> SuggestProfileIds(string modelId, string region)
    {
        var baseId = BaseModelId(modelId) ?? modelId;
        var geos = GeoPrefixes.ForRegion(region);
        var info = Find(baseId);
        var result = new List<string>(geos.Count);
        for (var i = 0; i < geos.Count; i++)
        {
            if (info is null || info.HasProfileFrom(geos[i], region))
            {
                result.Add(geos[i] + "." + baseId);
            }
        }

        if (result.Count == 0)
        {
            result.Add(geos[0] + "." + baseId);
        }

        return result;
    }

    /// <summary>
    /// Advice for a plain model ID that <paramref name="region"/> serves only through an inference profile;
    /// null when the catalogue knows the ID works there, does not know the model, or the ID already is a profile.
    /// </summary>
    public static ProfileAdvice? ProfileOnlyAdvice(string modelId, string region)
    {
        if (modelId.StartsWith("arn:", StringComparison.Ordinal) || GeoPrefixes.TryStrip(modelId, out _, out _))
        {
            return null;
        }

        var info = Find(modelId);
        if (info is null || !info.IsProfileOnlyIn(region))
        {
            return null;
        }

        return Advise(modelId, region);
    }

    /// <summary>Builds the explanation for a model that needs an inference profile in a region.</summary>
    public static ProfileAdvice Advise(string modelId, string region)
    {
        var suggestions = SuggestProfileIds(modelId, region);
        var first = suggestions[0];
        var sb = new StringBuilder();
        sb.Append("Model ").Append(modelId).Append(" can only be called through an inference profile in ").Append(region)
          .Append(". Use the profile ID ").Append(first)
          .Append(" (e.g. set model_id to '").Append(first).Append("' on this model).");
        if (suggestions.Count > 1)
        {
            sb.Append(" Other profiles that contain it: ");
            for (var i = 1; i < suggestions.Count; i++)
            {
                sb.Append(i > 1 ? ", " : "").Append(suggestions[i]);
            }

            sb.Append('.');
        }

        return new ProfileAdvice(modelId, region, sb.ToString(), suggestions);
    }

    /// <summary>
    /// The ID an application inference profile copies, told by where it routes: one region is the plain model ID
    /// (in-region), several are the system profile with those destination regions (or the narrowest that covers them,
    /// else the region's own geo). Its calls are priced as calls by that ID.
    /// </summary>
    public static string CallIdServedIn(BedrockModelInfo model, IReadOnlyList<string> destinationRegions, string region)
    {
        if (destinationRegions.Count <= 1)
        {
            return model.ModelId;
        }

        BedrockProfile? best = null;
        foreach (var p in model.Profiles)
        {
            var covers = destinationRegions.All(p.DestinationRegions.Contains);
            if (covers && (best is null || p.DestinationRegions.Count < best.DestinationRegions.Count))
            {
                best = p;
            }
        }

        return (best?.Prefix ?? GeoPrefixes.ForRegion(region)[0]) + "." + model.ModelId;
    }

    private static FrozenDictionary<string, BedrockModelInfo> BuildIndex()
    {
        var dict = new Dictionary<string, BedrockModelInfo>(Models.Length, StringComparer.Ordinal);
        foreach (var m in Models)
        {
            dict.Add(m.ModelId, m);
        }

        return dict.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
