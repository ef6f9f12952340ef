using Sluice.Core.Pricing;

namespace Sluice.OpenAI.Catalogue;

/// <summary>One catalogue entry: the model ID and its public prices (USD per million tokens).</summary>
public sealed record OpenAiModelPrice(string Id, ModelPricing Price);
