namespace Sluice.OpenAI.Provider;

/// <summary>One model of an OpenAI-shaped account.</summary>
/// <param name="ModelId">The upstream model (or, for Azure, the deployment).</param>
/// <param name="LegacyMaxTokens">Translated requests carry <c>max_tokens</c> instead of <c>max_completion_tokens</c> (OpenAI-compatible servers).</param>
public sealed record OpenAiModelSettings(string ModelId, bool LegacyMaxTokens = false);
