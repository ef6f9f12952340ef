using Sluice.Bedrock.Catalogue;
using Sluice.Gateway.Manifests;

namespace Sluice.Gateway.Admin;

/// <summary>
/// What is worth saying about a model that is still stored: it has neither a public nor a private price (its calls
/// would be recorded with cost unknown), or its region does not offer the ID it names (with who does).
/// </summary>
internal static class CatalogueWarnings
{
    public static List<ValidationProblem> For(ProviderAccountDocument account)
    {
        if (ProviderKinds.Of(account) == ProviderKinds.AzureOpenAi) return AzureCatalogueWarnings.For(account);
        var warnings = new List<ValidationProblem>();
        if (ProviderKinds.Of(account) != ProviderKinds.Bedrock)
        {
            // The Bedrock catalogue says nothing about other providers' models; their runtimes price them.
            return warnings;
        }

        var models = account.Integrations ?? [];
        for (var i = 0; i < models.Count; i++)
        {
            warnings.AddRange(For(models[i], account.Region, $"integrations[{i}]."));
        }

        return warnings;
    }

    public static List<ValidationProblem> For(IntegrationDocument model, string accountRegion, string path)
    {
        var warnings = new List<ValidationProblem>();
        var id = model.ModelId;

        // An application profile's model is only known at call time; it is priced as what it wraps.
        if (id.Contains(":application-inference-profile/", StringComparison.Ordinal))
        {
            return warnings;
        }

        var info = BedrockCatalogue.Find(id);
        if (model.Cost is null && info?.Price is null)
        {
            warnings.Add(new ValidationProblem(path + "cost", info is null
                ? $"model \"{model.Name}\" ({id}) is not in the catalogue and has no private cost: its calls are recorded with cost unknown; set cost.per_1000_tokens (or cost.per_image) to price them"
                : $"model \"{model.Name}\" ({id}) has no public price in the catalogue and no private cost: its calls are recorded with cost unknown; set cost.per_1000_tokens (or cost.per_image) to price them"));
        }

        var region = string.IsNullOrEmpty(model.Region) ? accountRegion : model.Region;
        if (info is not null && !string.IsNullOrEmpty(region) && !Offers(info, id, region))
        {
            var callId = info.CallIdIn(region);
            warnings.Add(new ValidationProblem(path + "model_id", callId is not null
                ? $"{region} does not serve {id}; call it there as {callId}"
                : info.Legacy && info.OnDemandRegions.Count == 0 && info.Profiles.Count == 0
                    ? $"{info.ModelId} is retired (legacy): no region serves it any more"
                    : $"{region} does not offer {info.ModelId} at all; it is served by {info.ServedBy()}", callId));
        }

        return warnings;
    }

    private static bool Offers(BedrockModelInfo info, string id, string region)
    {
        var bare = id.StartsWith("arn:", StringComparison.Ordinal) ? id[(id.IndexOf('/', StringComparison.Ordinal) + 1)..] : id;
        if (!GeoPrefixes.TryStrip(bare, out var geo, out _))
        {
            // Profile-only regions are refused with their own advice; only regions that do not serve it at all warn here.
            return info.OnDemandRegions.Contains(region) || info.IsProfileOnlyIn(region);
        }

        return info.HasProfileFrom(geo, region);
    }
}
