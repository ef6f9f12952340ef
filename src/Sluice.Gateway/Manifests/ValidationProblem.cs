namespace Sluice.Gateway.Manifests;

/// <summary>One thing wrong with a document, at a field path such as <c>integrations[2].region</c>.</summary>
public sealed record ValidationProblem(string Path, string Message, string? Suggestion = null);
