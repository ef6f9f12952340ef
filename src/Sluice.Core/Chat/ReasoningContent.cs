namespace Sluice.Core.Chat;

/// <summary>A model's reasoning text with the signature that proves it, or its redacted form.</summary>
public sealed record ReasoningContent(string? Text, string? Signature, string? RedactedData = null);
