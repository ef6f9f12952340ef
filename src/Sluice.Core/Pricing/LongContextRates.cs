namespace Sluice.Core.Pricing;

/// <summary>
/// The long-context tier: when a request's input (uncached, cache reads and cache writes together) exceeds
/// <see cref="AboveInputTokens"/>, every token of the request is priced at <see cref="Rates"/>, not just the excess.
/// </summary>
public sealed record LongContextRates(int AboveInputTokens, TokenRates Rates);
