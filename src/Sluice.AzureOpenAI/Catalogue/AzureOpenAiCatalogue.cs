using System.Collections.Frozen;
using System.Text.Json;
using Sluice.Core.Pricing;

namespace Sluice.AzureOpenAI.Catalogue;

/// <summary>
/// Public Azure OpenAI prices (Global Standard deployments), from the embedded <c>azure-openai-catalogue.json</c>
/// that <c>scripts/catalogue/generate-azure.mjs</c> makes from <c>@pydantic/genai-prices</c>; read once.
/// </summary>
/// <remarks>
/// Azure bills by the model behind a deployment, and a deployment's name need not say which model that is; the portal
/// names a new deployment after its model, so an exact match of the name is taken as the model. Deployments with
/// other names (or at Regional prices, or with provisioned throughput) need a private <c>cost</c> on the model.
/// </remarks>
public static class AzureOpenAiCatalogue
{
    /// <summary>The scope the prices are listed under: an Azure call has no region of its own for pricing.</summary>
    public const string Scope = "in-region";

    internal const string ResourceName = "Sluice.AzureOpenAI.Catalogue.azure-openai-catalogue.json";

    private static readonly Lazy<FrozenDictionary<string, ModelPricing>> Prices = new(Load);

    /// <summary>The prices of the model named exactly <paramref name="deploymentOrModel"/> (or one of its dated versions); null when unknown.</summary>
    public static ModelPricing? Find(string deploymentOrModel) => Prices.Value.GetValueOrDefault(deploymentOrModel);

    /// <summary>How many names (IDs and aliases) have a price.</summary>
    public static int Count => Prices.Value.Count;

    private static FrozenDictionary<string, ModelPricing> Load()
    {
        using var stream = typeof(AzureOpenAiCatalogue).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from Sluice.AzureOpenAI.");
        using var doc = JsonDocument.Parse(stream);
        var prices = new Dictionary<string, ModelPricing>(StringComparer.Ordinal);
        foreach (var model in doc.RootElement.GetProperty("models").EnumerateArray())
        {
            var p = model.GetProperty("prices");
            var rates = new TokenRates(Rate(p, "input"), Rate(p, "output"), Rate(p, "cache_read"));
            var pricing = new ModelPricing([new ScopePrice(Scope, rates)]);
            prices[model.GetProperty("id").GetString()!] = pricing;
            foreach (var alias in model.GetProperty("aliases").EnumerateArray())
            {
                prices[alias.GetString()!] = pricing;
            }
        }

        return prices.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static decimal? Rate(JsonElement prices, string name) => prices.TryGetProperty(name, out var v) ? v.GetDecimal() : null;
}
