namespace Sluice.Core.Pricing;

/// <summary>
/// A model's prices where a request is served: <c>in-region</c>, <c>region:eu-west-1</c>, <c>geo</c>, <c>geo:eu</c>,
/// <c>global</c> or <c>us-gov</c>. Embeddings are priced per input token; rerank per 1,000 queries.
/// </summary>
public sealed record ScopePrice(string Scope, TokenRates Tokens)
{
    public LongContextRates? LongContext { get; init; }

    public IReadOnlyList<ImageRate> Images { get; init; } = [];

    public decimal? PerThousandQueries { get; init; }

    /// <summary>
    /// The image price for a size and quality; an unlisted quality falls back to <c>standard</c>, a size <c>any</c>
    /// covers every size, and a model with one price has it for every image.
    /// </summary>
    public decimal? ImagePrice(string? size, string? quality)
    {
        if (Images.Count == 1)
        {
            return Images[0].Usd;
        }

        // A price for size "any" covers every size; an exact size wins over it.
        var q = string.IsNullOrEmpty(quality) ? "standard" : quality;
        return Find(size, q) ?? Find("any", q) ?? Find(size, "standard") ?? Find("any", "standard");
    }

    private decimal? Find(string? size, string quality)
    {
        foreach (var image in Images)
        {
            if (string.Equals(image.Size, size, StringComparison.Ordinal) && string.Equals(image.Quality, quality, StringComparison.Ordinal))
            {
                return image.Usd;
            }
        }

        return null;
    }
}
