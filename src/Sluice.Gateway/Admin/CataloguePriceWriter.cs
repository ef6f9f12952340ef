using System.Text.Json;
using Sluice.Core.Pricing;

namespace Sluice.Gateway.Admin;

/// <summary>Writes one scope's prices as the catalogue API shows them; null (unknown) figures are written as null.</summary>
internal static class CataloguePriceWriter
{
    public static void Write(Utf8JsonWriter w, ScopePrice? p)
    {
        if (p is null)
        {
            w.WriteNullValue();
            return;
        }

        w.WriteStartObject();
        w.WriteString("scope", p.Scope);
        Number(w, "input_per_million", p.Tokens.Input);
        Number(w, "output_per_million", p.Tokens.Output);
        Number(w, "cache_read_per_million", p.Tokens.CacheRead);
        Number(w, "cache_write_per_million", p.Tokens.CacheWrite5m);
        Number(w, "cache_write_1h_per_million", p.Tokens.CacheWrite1h);
        if (p.LongContext is { } lc)
        {
            w.WriteStartObject("long_context");
            w.WriteNumber("above_input_tokens", lc.AboveInputTokens);
            Number(w, "input_per_million", lc.Rates.Input);
            Number(w, "output_per_million", lc.Rates.Output);
            Number(w, "cache_read_per_million", lc.Rates.CacheRead);
            Number(w, "cache_write_per_million", lc.Rates.CacheWrite5m);
            Number(w, "cache_write_1h_per_million", lc.Rates.CacheWrite1h);
            w.WriteEndObject();
        }

        // The picker shows one figure per image model: the smallest standard image's.
        Number(w, "per_image", (p.Images.FirstOrDefault(i => i.Quality == "standard") ?? p.Images.FirstOrDefault())?.Usd);
        w.WriteStartArray("images");
        foreach (var image in p.Images)
        {
            w.WriteStartObject();
            w.WriteString("size", image.Size);
            w.WriteString("quality", image.Quality);
            w.WriteNumber("usd", image.Usd);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        Number(w, "per_1000_queries", p.PerThousandQueries);
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
