using Sluice.AzureOpenAI.Catalogue;
using Sluice.Gateway.Manifests;

namespace Sluice.Gateway.Admin;

/// <summary>
/// The price warning of Azure OpenAI deployments: one that is not named after a model the Azure catalogue prices, and
/// has no private <c>cost</c>, would be recorded with cost unknown.
/// </summary>
internal static class AzureCatalogueWarnings
{
    public static List<ValidationProblem> For(ProviderAccountDocument account)
    {
        var warnings = new List<ValidationProblem>();
        var models = account.Integrations ?? [];
        for (var i = 0; i < models.Count; i++)
        {
            var model = models[i];
            if (model.Cost is null && AzureOpenAiCatalogue.Find(model.ModelId) is null)
            {
                warnings.Add(new ValidationProblem($"integrations[{i}].cost",
                    $"deployment '{model.ModelId}' is not named after a model with a public Azure price, so its calls will be recorded with cost unknown: give the model a cost (per_1000_tokens)"));
            }
        }

        return warnings;
    }
}
