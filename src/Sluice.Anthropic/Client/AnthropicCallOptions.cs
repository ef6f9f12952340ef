namespace Sluice.Anthropic.Client;

/// <summary>The per-call headers of one Anthropic request: the caller's API version and betas, passed through.</summary>
/// <param name="Version">The caller's <c>anthropic-version</c>; null = <see cref="AnthropicAccountSettings.DefaultVersion"/>.</param>
/// <param name="Betas">The caller's <c>anthropic-beta</c> values, sent comma-joined.</param>
public readonly record struct AnthropicCallOptions(string? Version, IReadOnlyList<string>? Betas);
