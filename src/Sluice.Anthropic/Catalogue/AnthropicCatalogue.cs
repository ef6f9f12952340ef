using System.Text.Json;
using System.Text.RegularExpressions;
using Sluice.Core.Pricing;

namespace Sluice.Anthropic.Catalogue;

/// <summary>
/// Anthropic's public prices (the embedded <c>anthropic-catalogue.json</c>, generated from @pydantic/genai-prices by
/// <c>scripts/catalogue/generate-anthropic.mjs</c>), loaded once. A model ID is priced by the first entry whose match
/// rules accept it, as genai-prices does, so dated IDs (<c>claude-sonnet-4-5-20250929</c>) find their family's price.
/// </summary>
public static class AnthropicCatalogue
{
    /// <summary>The scope every Anthropic price is listed under: Anthropic has no regions.</summary>
    public const string Scope = "in-region";

    private static readonly Lazy<IReadOnlyList<AnthropicCatalogueEntry>> Entries = new(Load);

    /// <summary>Every priced model family, in match order.</summary>
    public static IReadOnlyList<AnthropicCatalogueEntry> All => Entries.Value;

    /// <summary>The entry that prices <paramref name="modelId"/>; null when no entry matches (its cost is then unknown).</summary>
    public static AnthropicCatalogueEntry? Find(string modelId)
    {
        foreach (var entry in Entries.Value)
        {
            if (entry.Matches(modelId)) return entry;
        }

        return null;
    }

    private static List<AnthropicCatalogueEntry> Load()
    {
        using var stream = typeof(AnthropicCatalogue).Assembly.GetManifestResourceStream("Sluice.Anthropic.Catalogue.anthropic-catalogue.json")
            ?? throw new InvalidOperationException("The embedded Anthropic catalogue is missing.");
        using var doc = JsonDocument.Parse(stream);
        var entries = new List<AnthropicCatalogueEntry>();
        foreach (var m in doc.RootElement.GetProperty("models").EnumerateArray())
        {
            var rules = new List<Func<string, bool>>();
            foreach (var rule in m.GetProperty("match").EnumerateArray())
            {
                var property = rule.EnumerateObject().First();
                var value = property.Value.GetString()!;
                rules.Add(property.Name switch
                {
                    "equals" => id => string.Equals(id, value, StringComparison.Ordinal),
                    "starts_with" => id => id.StartsWith(value, StringComparison.Ordinal),
                    "contains" => id => id.Contains(value, StringComparison.Ordinal),
                    "regex" => new Regex(value, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)).IsMatch,
                    _ => throw new InvalidOperationException($"Unknown match rule {property.Name} in the Anthropic catalogue."),
                });
            }

            var tokens = Rates(m.GetProperty("prices"));
            var scope = new ScopePrice(Scope, tokens);
            if (m.TryGetProperty("long_context", out var tier))
            {
                scope = scope with { LongContext = new LongContextRates(tier.GetProperty("above_input_tokens").GetInt32(), Rates(tier.GetProperty("prices"))) };
            }

            entries.Add(new AnthropicCatalogueEntry(m.GetProperty("id").GetString()!, m.GetProperty("name").GetString()!, rules, new ModelPricing([scope])));
        }

        return entries;
    }

    private static TokenRates Rates(JsonElement p) => new(
        Read(p, "input"), Read(p, "output"), Read(p, "cache_read"), Read(p, "cache_write_5m"), Read(p, "cache_write_1h"));

    private static decimal? Read(JsonElement p, string name) => p.TryGetProperty(name, out var v) ? v.GetDecimal() : null;
}
