using System.Collections.Frozen;
using System.Text.Json;
using Sluice.Core.Pricing;

namespace Sluice.OpenAI.Catalogue;

/// <summary>
/// OpenAI's public prices, generated from <c>@pydantic/genai-prices</c> by <c>scripts/catalogue/generate-openai.mjs</c>
/// and embedded; loaded once. A dated model ID (<c>gpt-4o-2024-08-06</c>) without its own entry takes the price of
/// the longest listed ID it extends.
/// </summary>
public static class OpenAiCatalogue
{
    /// <summary>OpenAI bills the same everywhere: every price is under this one scope (which any call's scope reaches).</summary>
    public const string Scope = "in-region";

    private static readonly Lazy<FrozenDictionary<string, OpenAiModelPrice>> Models = new(Load);

    /// <summary>Every priced model by ID.</summary>
    public static IReadOnlyDictionary<string, OpenAiModelPrice> All => Models.Value;

    /// <summary>The price of <paramref name="modelId"/>, or null when the catalogue has none (cost unknown).</summary>
    public static OpenAiModelPrice? Find(string modelId)
    {
        var models = Models.Value;
        if (models.TryGetValue(modelId, out var exact)) return exact;
        OpenAiModelPrice? best = null;
        foreach (var (id, price) in models)
        {
            if (modelId.Length > id.Length && modelId[id.Length] == '-' && modelId.StartsWith(id, StringComparison.Ordinal)
                && (best is null || id.Length > best.Id.Length))
            {
                best = price;
            }
        }

        return best;
    }

    private static FrozenDictionary<string, OpenAiModelPrice> Load()
    {
        using var stream = typeof(OpenAiCatalogue).Assembly.GetManifestResourceStream("Sluice.OpenAI.Catalogue.openai-catalogue.json")
            ?? throw new InvalidOperationException("The embedded OpenAI catalogue is missing.");
        using var doc = JsonDocument.Parse(stream);
        var models = new Dictionary<string, OpenAiModelPrice>(StringComparer.Ordinal);
        foreach (var m in doc.RootElement.GetProperty("models").EnumerateArray())
        {
            var id = m.GetProperty("id").GetString()!;
            var rates = new TokenRates(Decimal(m, "input"), Decimal(m, "output"), Decimal(m, "cache_read"));
            models[id] = new OpenAiModelPrice(id, new ModelPricing([new ScopePrice(Scope, rates)]));
        }

        return models.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static decimal? Decimal(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDecimal() : null;
}
