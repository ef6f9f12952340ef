using System.Text.Json;

namespace Sluice.Gateway.Tests.Functional;

/// <summary>Reads prices straight out of the checked-in <c>bedrock-catalogue.json</c>, independently of the loader.</summary>
internal sealed class CataloguePrices(JsonElement root)
{
    public static CataloguePrices Load()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sluice.slnx")))
        {
            dir = dir.Parent;
        }

        var path = Path.Combine(dir!.FullName, "src", "Sluice.Bedrock", "Catalogue", "bedrock-catalogue.json");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return new CataloguePrices(doc.RootElement.Clone());
    }

    public TokenPrices Tokens(string modelId, string scope)
    {
        var p = Scope(modelId, scope);
        TokenPrices? longContext = null;
        var above = int.MaxValue;
        if (p.TryGetProperty("long_context", out var lc))
        {
            above = lc.GetProperty("above_input_tokens").GetInt32();
            longContext = new TokenPrices(Figure(lc, "input"), Figure(lc, "output"), Figure(lc, "cache_read"), Figure(lc, "cache_write_5m"), null);
        }

        return new TokenPrices(Figure(p, "input"), Figure(p, "output"), Figure(p, "cache_read"), Figure(p, "cache_write_5m"), longContext, above);
    }

    public decimal Image(string modelId, string scope, string size, string quality) =>
        Scope(modelId, scope).GetProperty("per_image").EnumerateArray()
            .Single(i => i.GetProperty("size").GetString() == size && i.GetProperty("quality").GetString() == quality)
            .GetProperty("usd").GetDecimal();

    private JsonElement Scope(string modelId, string scope) =>
        root.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("id").GetString() == modelId)
            .GetProperty("prices").EnumerateArray().Single(p => p.GetProperty("scope").GetString() == scope);

    private static decimal? Figure(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetDecimal() : null;
}
