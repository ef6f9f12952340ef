using Sluice.Core.Pricing;

namespace Sluice.Core.Chat;

/// <summary>What the provider actually called: the upstream model ID and the region that served it.</summary>
/// <param name="Price">
/// The public price of the model that served the call when the provider learned it at call time (an application
/// inference profile names no model, so its price is only known once the profile has been looked up); null = the route's price.
/// </param>
/// <param name="PricedAs">
/// The model or system-profile ID whose scope prices the call when <paramref name="ModelId"/> does not show it (an
/// application profile over <c>us.</c>... is billed as that profile); null = <paramref name="ModelId"/>.
/// </param>
public sealed record UpstreamInfo(string ModelId, string Region, ModelPricing? Price = null, string? PricedAs = null);
