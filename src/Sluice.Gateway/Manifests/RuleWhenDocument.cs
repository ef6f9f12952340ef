namespace Sluice.Gateway.Manifests;

/// <summary>
/// A classic <c>when</c> block: <c>models</c> (required here: the names callers send), optional <c>subjects</c> and
/// <c>metadata</c>; the fields are ANDed, any element of a list may match, an omitted field does not filter.
/// </summary>
public sealed record RuleWhenDocument(IReadOnlyList<string> Models, IReadOnlyList<string>? Subjects, IReadOnlyDictionary<string, string>? Metadata);
