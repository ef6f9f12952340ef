using Sluice.Core.Pricing;

namespace Sluice.Anthropic.Catalogue;

/// <summary>One priced model family of the Anthropic catalogue.</summary>
/// <param name="Id">genai-prices' ID of the family (e.g. <c>claude-sonnet-4-5</c>).</param>
/// <param name="Name">Its display name.</param>
/// <param name="Rules">The tests a model ID must pass one of to be priced by this entry.</param>
/// <param name="Price">Its public prices (scope <see cref="AnthropicCatalogue.Scope"/>).</param>
public sealed record AnthropicCatalogueEntry(string Id, string Name, IReadOnlyList<Func<string, bool>> Rules, ModelPricing Price)
{
    public bool Matches(string modelId)
    {
        foreach (var rule in Rules)
        {
            if (rule(modelId)) return true;
        }

        return false;
    }
}
