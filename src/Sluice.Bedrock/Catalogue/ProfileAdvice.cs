namespace Sluice.Bedrock.Catalogue;

/// <summary>Why a plain model ID cannot be called in a region, and the inference profile IDs to use instead.</summary>
public sealed record ProfileAdvice(string ModelId, string Region, string Message, IReadOnlyList<string> SuggestedProfileIds);
