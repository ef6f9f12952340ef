namespace Sluice.Core.Pricing;

/// <summary>The price of one generated image of a size (<c>1024x1024</c>) and quality (<c>standard</c>, <c>premium</c>).</summary>
public sealed record ImageRate(string Size, string Quality, decimal Usd);
